package services

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/pseudonym"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	demomappings "github.com/research-enclave/enclave/mappings"
)

// TestNewRefusesAConfigMissingAPart checks that a graph missing a part
// every service needs is refused with the part named, before anything is
// built on it.
func TestNewRefusesAConfigMissingAPart(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	full := Config{DB: &postgres.DB{}, Catalogue: cat, Audit: &enclave.Audit{}, Now: time.Now}
	for _, tt := range []struct {
		name string
		drop func(*Config)
		want string
	}{
		{"database", func(c *Config) { c.DB = nil }, "no database"},
		{"catalogue", func(c *Config) { c.Catalogue = nil }, "no catalogue"},
		{"audit", func(c *Config) { c.Audit = nil }, "no audit log"},
		{"clock", func(c *Config) { c.Now = nil }, "no clock"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := full
			tt.drop(&c)
			set, err := New(context.Background(), c)
			if err == nil || !strings.Contains(err.Error(), tt.want) || set != nil {
				t.Errorf("New without the %s = %v, %v; want no set and an error saying %q", tt.name, set, err, tt.want)
			}
		})
	}
}

// TestNewWiresTheOptionalParts checks what the settings switch on: loads
// only with mappings, the differencing ledger only when asked for, and the
// pseudonymiser handed to loads and opt-out loads alone.
func TestNewWiresTheOptionalParts(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := ingest.LoadMappings(demomappings.FS, cat)
	if err != nil {
		t.Fatal(err)
	}
	ps := &pseudonym.LocalPseudonymiser{}
	base := Config{DB: &postgres.DB{}, Catalogue: cat, Audit: &enclave.Audit{}, Now: time.Now, Pseudonymiser: ps}

	bare, err := New(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	if bare.Loads != nil || bare.Answers.Ledger != nil {
		t.Errorf("without mappings or differencing: loads %v, ledger %v; want neither", bare.Loads, bare.Answers.Ledger)
	}
	full := base
	full.Mappings, full.Queries.Differencing = ms, true
	set, err := New(context.Background(), full)
	if err != nil {
		t.Fatal(err)
	}
	if set.Loads == nil || set.Answers.Ledger == nil {
		t.Fatalf("with mappings and differencing: loads %v, ledger %v; want both", set.Loads, set.Answers.Ledger)
	}
	if set.Loads.Pseudonymiser != ps || set.OptOuts.Pseudonymiser != ps {
		t.Errorf("the pseudonymiser did not reach loads and opt-out loads")
	}
	if set.Access.Authorizer != set.Policy || set.Tokens.Authorizer != set.Policy || set.Projects.Authorizer != set.Policy || set.Reviews.Authorizer != set.Policy {
		t.Errorf("a service decides with another policy engine than the set's")
	}
}
