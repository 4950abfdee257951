package reload_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/query"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
	"github.com/research-enclave/enclave/internal/synth"

	demomappings "github.com/research-enclave/enclave/mappings"
)

// TestQueryInFlightKeepsItsRevision: a reload while a query runs leaves
// the query on the catalogue it started with, from validation to the
// runner to its manifest and audit event; the next query answers under the
// new one.
func TestQueryInFlightKeepsItsRevision(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	e.LoadSynthetic(t, 2000)
	project := e.Approved(t, st.Draft()).ID
	ctx := context.Background()
	old := e.Files.Catalogue().Revision()
	e.Reload.Read = reader(newTitle(t), demomappings.FS)
	r := &reloading{Runner: e.Answers.Runner, reload: func() {
		if _, err := e.Reload.Reload(ctx, st.Otto); err != nil {
			t.Errorf("reload mid-query: %v", err)
		}
	}}
	e.Answers.Runner = r

	sql := "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex"
	a, err := e.Answers.RunSQL(ctx, st.Researcher, project, sql)
	if err != nil {
		t.Fatal(err)
	}
	now := e.Files.Catalogue().Revision()
	if now == old {
		t.Fatal("the reload mid-query put no new catalogue in force")
	}
	if a.Manifest.CatalogueRevision != old || r.ran[0] != old {
		t.Errorf("the query in flight ran under %s with manifest %s; want both %s, the revision it started with", r.ran[0], a.Manifest.CatalogueRevision, old)
	}
	evs := queryEvents(t, e, project)
	if len(evs) != 1 {
		t.Fatalf("%d query.run events, want 1", len(evs))
	}
	if got := body(t, evs[0])["catalogue_revision"]; got != old {
		t.Errorf("the query.run event names catalogue %v, want %s", got, old)
	}

	a, err = e.Answers.RunSQL(ctx, st.Researcher, project, "SELECT COUNT(DISTINCT person) FROM patients")
	if err != nil {
		t.Fatal(err)
	}
	if a.Manifest.CatalogueRevision != now || r.ran[1] != now {
		t.Errorf("the next query ran under %s with manifest %s; want %s", r.ran[1], a.Manifest.CatalogueRevision, now)
	}
}

// reloading runs queries, reloading the files as the first one starts
// reading data.
type reloading struct {
	answer.Runner
	once   sync.Once
	reload func()
	ran    []string // the revision each query ran under
}

func (r *reloading) Run(ctx context.Context, cat *catalogue.Catalogue, q query.Query, lists []string, rules disclosure.Rules, admit func([]answer.KeyID) error) (answer.Raw, error) {
	r.once.Do(r.reload)
	r.ran = append(r.ran, cat.Revision())
	return r.Runner.Run(ctx, cat, q, lists, rules, admit)
}

// TestLoadInFlightKeepsItsMapping: a reload while a file is being read
// leaves the load on the mapping it started with; the next load uses the
// new one.
func TestLoadInFlightKeepsItsMapping(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	oldMapping, _ := e.Files.Mappings().Get("synth_patients")
	e.Reload.Read = reader(newTitle(t), newVersion(t))
	first := patientsFile(t, 1)
	body := &reloadingReader{r: bytes.NewReader(first), reload: func() {
		if _, err := e.Reload.Reload(ctx, st.Otto); err != nil {
			t.Errorf("reload mid-load: %v", err)
		}
	}}
	rep, err := e.Loads.Load(ctx, st.Otto, ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, body)
	if err != nil {
		t.Fatal(err)
	}
	newMapping, _ := e.Files.Mappings().Get("synth_patients")
	if newMapping.Version() != 2 {
		t.Fatalf("the reload mid-load put synth_patients version %d in force, want 2", newMapping.Version())
	}
	if rep.MappingVersion != 1 || rep.MappingRevision != oldMapping.Revision() {
		t.Errorf("the load in flight used mapping version %d, revision %s; want 1, %s", rep.MappingVersion, rep.MappingRevision, oldMapping.Revision())
	}
	rep, err = e.Loads.Load(ctx, st.Otto, ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, bytes.NewReader(patientsFile(t, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if rep.MappingVersion != 2 || rep.MappingRevision != newMapping.Revision() {
		t.Errorf("the next load used mapping version %d, revision %s; want 2, %s", rep.MappingVersion, rep.MappingRevision, newMapping.Revision())
	}
}

// patientsFile is a synthetic patients file of 200 people from seed.
func patientsFile(t *testing.T, seed int64) []byte {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 200, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "patients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// reloadingReader reloads the files on its first read.
type reloadingReader struct {
	r      io.Reader
	once   sync.Once
	reload func()
}

func (r *reloadingReader) Read(p []byte) (int, error) {
	r.once.Do(r.reload)
	return r.r.Read(p)
}
