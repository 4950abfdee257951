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
	"github.com/research-enclave/enclave/enclave/reload"
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
		{"mappings' catalogue", func(c *Config) { c.Mappings = mappingsOfAnotherCatalogue(t) }, "validated against another catalogue"},
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
	if bare.Loads != nil || bare.Answers.Ledger != nil || bare.Reload != nil {
		t.Errorf("without mappings, differencing or a way to re-read the files: loads %v, ledger %v, reload %v; want none", bare.Loads, bare.Answers.Ledger, bare.Reload)
	}
	full := base
	full.Mappings, full.Queries.Differencing = ms, true
	full.Reread = func() (*reload.Files, error) { return &reload.Files{Catalogue: cat, Mappings: ms}, nil }
	set, err := New(context.Background(), full)
	if err != nil {
		t.Fatal(err)
	}
	if set.Loads == nil || set.Answers.Ledger == nil || set.Reload == nil {
		t.Fatalf("with mappings, differencing and Reread: loads %v, ledger %v, reload %v; want all", set.Loads, set.Answers.Ledger, set.Reload)
	}
	if set.Reload.Current != set.Files || set.Files.Catalogue() != cat || set.Files.Mappings() != ms {
		t.Errorf("the reload does not replace the files the services read")
	}
	if set.Loads.Pseudonymiser != ps || set.OptOuts.Pseudonymiser != ps {
		t.Errorf("the pseudonymiser did not reach loads and opt-out loads")
	}
	if set.Access.Authorizer != set.Policy || set.Tokens.Authorizer != set.Policy || set.Projects.Authorizer != set.Policy || set.Reviews.Authorizer != set.Policy {
		t.Errorf("a service decides with another policy engine than the set's")
	}
}

// mappingsOfAnotherCatalogue are the demo mappings validated against a
// catalogue of their own.
func mappingsOfAnotherCatalogue(t *testing.T) *ingest.Mappings {
	t.Helper()
	other, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := ingest.LoadMappings(demomappings.FS, other)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}
