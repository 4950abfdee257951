package servicestest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/internal/synth"
)

// LoadSynthetic loads a synthetic population of people (internal/synth,
// a fixed seed) into the patients and A&E datasets, as otto.
func (e *Env) LoadSynthetic(t testing.TB, people int) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, dir, synth.Options{People: people, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	for _, ds := range []string{"patients", "ae_attendances"} {
		f, err := os.Open(filepath.Join(dir, ds+".csv"))
		must(t, err)
		_, err = e.Loads.Load(ctx, Otto, ingest.Request{Dataset: ds, Mapping: "synth_" + ds}, f)
		f.Close()
		if err != nil {
			t.Fatalf("load %s: %v", ds, err)
		}
	}
}

// LoadDemo loads what `enclave demo` loads on its first start: a synthetic
// population of people from the demo's seed, every dataset of it, and its
// two opt-out lists (new versions of the lists New loaded), as otto.
func (e *Env) LoadDemo(t testing.TB, people int) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, dir, synth.Options{People: people, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for _, ds := range synth.Datasets {
		f, err := os.Open(filepath.Join(dir, ds+".csv"))
		must(t, err)
		_, err = e.Loads.Load(ctx, Otto, ingest.Request{Dataset: ds, Mapping: "synth_" + ds}, f)
		f.Close()
		if err != nil {
			t.Fatalf("load %s: %v", ds, err)
		}
	}
	for _, l := range []optout.List{optout.ListNDOO, optout.ListType1} {
		f, err := os.Open(filepath.Join(dir, "optout_"+string(l)+".dat"))
		must(t, err)
		_, err = e.OptOuts.Load(ctx, Otto, enclave.OptOutRequest{List: l, Form: optout.FormDeny}, f)
		f.Close()
		if err != nil {
			t.Fatalf("load the %s opt-out list: %v", l, err)
		}
	}
}
