package reload_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/enclave/reload"
	st "github.com/research-enclave/enclave/internal/services/servicestest"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	demomappings "github.com/research-enclave/enclave/mappings"
)

// The reload tests run over the services as the server wires them
// (servicestest), with a real database and audit log.
func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// edited is a copy of the *.yaml files of fsys with old replaced by new in
// file.
func edited(t *testing.T, fsys fs.FS, file, old, new string) fs.FS {
	t.Helper()
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		if name == file {
			if !strings.Contains(string(b), old) {
				t.Fatalf("%s has no %q to edit", file, old)
			}
			b = []byte(strings.Replace(string(b), old, new, 1))
		}
		out[name] = &fstest.MapFile{Data: b}
	}
	return out
}

// reader reads the catalogue in cat and the mappings in maps, as a
// server's Reload.Read does.
func reader(cat, maps fs.FS) func() (*reload.Files, error) {
	return func() (*reload.Files, error) {
		c, err := catalogue.Load(cat)
		if err != nil {
			return nil, err
		}
		ms, err := ingest.LoadMappings(maps, c)
		if err != nil {
			return nil, err
		}
		return &reload.Files{Catalogue: c, Mappings: ms}, nil
	}
}

// newTitle is the demo catalogue with another title for patients: a new
// revision that needs no new table.
func newTitle(t *testing.T) fs.FS {
	return edited(t, democatalogue.FS, "patients.yaml", "title: Patients", "title: Registered patients")
}

// newVersion is the demo mappings with synth_patients at version 2.
func newVersion(t *testing.T) fs.FS {
	return edited(t, demomappings.FS, "patients.mapping.yaml", "version: 1", "version: 2")
}

// reloadEvents returns the config.reload events with outcome.
func reloadEvents(t *testing.T, e *st.Env, outcome audit.Outcome) []audit.Event {
	t.Helper()
	return e.Events(t, enclave.AuditFilter{Kind: string(audit.KindConfigReload), Outcome: string(outcome)})
}

// body decodes an event's body.
func body(t *testing.T, ev audit.Event) map[string]any {
	t.Helper()
	var b map[string]any
	if err := json.Unmarshal(ev.Body, &b); err != nil {
		t.Fatalf("event %d body %s: %v", ev.Seq, ev.Body, err)
	}
	return b
}

// queryEvents returns the successful query.run events of project.
func queryEvents(t *testing.T, e *st.Env, project string) []audit.Event {
	t.Helper()
	return e.Events(t, enclave.AuditFilter{Kind: string(audit.KindQueryRun), TargetType: "project", TargetID: project, Outcome: string(audit.OutcomeSuccess)})
}
