package reload_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/reload"
	st "github.com/research-enclave/enclave/internal/services/servicestest"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	demomappings "github.com/research-enclave/enclave/mappings"
)

// TestReloadPutsValidFilesInForce: a new catalogue revision and a new
// mapping revision are in force once reloaded, and the event names every
// revision before and after; reloading the same files changes nothing but
// is audited all the same.
func TestReloadPutsValidFilesInForce(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	before := e.Files.Files()
	oldMapping := before.Mappings.Revisions()["synth_patients"]

	res, err := e.Reload.Reload(ctx, st.Otto)
	if err != nil || res.Changed || res.Catalogue.Old != res.Catalogue.New {
		t.Fatalf("reloading the same files = %+v, %v; want nothing changed", res, err)
	}

	e.Reload.Read = reader(newTitle(t), newVersion(t))
	res, err = e.Reload.Reload(ctx, st.Otto)
	if err != nil {
		t.Fatal(err)
	}
	now := e.Files.Files()
	if now == before || now.Catalogue.Revision() == before.Catalogue.Revision() || e.Files.Catalogue() != now.Catalogue {
		t.Fatalf("the new catalogue is not in force")
	}
	m, _ := now.Mappings.Get("synth_patients")
	if m.Version() != 2 || now.Mappings.Catalogue() != now.Catalogue {
		t.Errorf("synth_patients in force is version %d, want 2, validated against the new catalogue", m.Version())
	}
	want := reload.Change{Old: oldMapping, New: m.Revision()}
	if !res.Changed || res.Catalogue != (reload.Change{Old: before.Catalogue.Revision(), New: now.Catalogue.Revision()}) || res.Mappings["synth_patients"] != want {
		t.Errorf("result %+v: want the catalogue and synth_patients changed", res)
	}
	if c := res.Mappings["synth_gp_events"]; c.Old != c.New || c.New == "" {
		t.Errorf("synth_gp_events %+v, want unchanged", c)
	}

	evs := reloadEvents(t, e, audit.OutcomeSuccess)
	if len(evs) != 2 {
		t.Fatalf("%d config.reload events, want 2", len(evs))
	}
	b := body(t, evs[1])
	cat := b["catalogue_revision"].(map[string]any)
	mp := b["mapping_revisions"].(map[string]any)["synth_patients"].(map[string]any)
	if evs[1].Principal != st.Otto.Principal.ID || b["changed"] != true || cat["old"] != before.Catalogue.Revision() || cat["new"] != now.Catalogue.Revision() ||
		mp["old"] != want.Old || mp["new"] != want.New {
		t.Errorf("config.reload event by %q: %s; want otto's, with the old and new revisions", evs[1].Principal, evs[1].Body)
	}
}

// TestReloadKeepsTheOldFilesWhenOneIsWrong: every problem is reported, by
// file and line; the old files stay; the refusal is audited with its reason
// code and how many problems, never their text.
func TestReloadKeepsTheOldFilesWhenOneIsWrong(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	before := e.Files.Files()
	broken := fstest.MapFS{
		"a.yaml": {Data: []byte("mapping: a\nversion: 1\ndataset: nowhere\ncolumns: []\n")},
		"b.yaml": {Data: []byte("mapping: b\nverison: 1\n")},
	}
	e.Reload.Read = reader(democatalogue.FS, broken)
	_, err := e.Reload.Reload(context.Background(), st.Otto)
	var ee *enclave.Error
	if enclave.ErrorCode(err) != enclave.CodeInvalid || !errors.As(err, &ee) || len(ee.Reasons) < 2 {
		t.Fatalf("reloading broken mappings = %v, want invalid with a reason for each problem", err)
	}
	for _, want := range []string{"a.yaml:3", "b.yaml:2", "the old ones stay in force"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %q:\n%v", want, err)
		}
	}
	if e.Files.Files() != before {
		t.Error("a refused reload replaced the files in force")
	}
	evs := reloadEvents(t, e, audit.OutcomeDenied)
	if len(evs) != 1 {
		t.Fatalf("%d refused config.reload events, want 1", len(evs))
	}
	b := body(t, evs[0])
	if b["refused"] != reload.RefusedFiles || b["problems"] != float64(len(ee.Reasons)) || b["catalogue_revision"] != before.Catalogue.Revision() {
		t.Errorf("refusal event %s: want reload.files, %d problems and the revision kept", evs[0].Body, len(ee.Reasons))
	}
	if strings.Contains(string(evs[0].Body), "nowhere") || strings.Contains(string(evs[0].Body), "a.yaml") {
		t.Errorf("the refusal event quotes the problems: %s", evs[0].Body)
	}
}

// TestReloadNeedsTheTablesOfTheNewCatalogue: a dataset version the database
// has no table for (only `enclave migrate` makes them) is refused, saying
// so, and the old files stay.
func TestReloadNeedsTheTablesOfTheNewCatalogue(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	before := e.Files.Files()
	e.Reload.Read = reader(edited(t, democatalogue.FS, "patients.yaml", "version: 1", "version: 2"), demomappings.FS)
	_, err := e.Reload.Reload(context.Background(), st.Otto)
	if enclave.ErrorCode(err) != enclave.CodeInvalid || !strings.Contains(err.Error(), "ds_patients_v2") || !strings.Contains(err.Error(), "enclave migrate") {
		t.Fatalf("reloading a catalogue without its tables = %v, want a refusal naming the table and enclave migrate", err)
	}
	if e.Files.Files() != before {
		t.Error("a refused reload replaced the files in force")
	}
	evs := reloadEvents(t, e, audit.OutcomeDenied)
	if len(evs) != 1 || body(t, evs[0])["refused"] != reload.RefusedTables {
		t.Errorf("%d refused config.reload events, want one for reload.tables", len(evs))
	}
}

// TestReloadFailsClosed: files the log cannot record a reload of are not
// put in force.
func TestReloadFailsClosed(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	before := e.Files.Files()
	e.Reload.Read = reader(newTitle(t), demomappings.FS)
	e.FailRecord(true)
	_, err := e.Reload.Reload(context.Background(), enclave.SystemActor)
	e.FailRecord(false)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || e.Files.Files() != before {
		t.Errorf("reload with the log refusing writes = %v; want unavailable and the old files in force", err)
	}
}
