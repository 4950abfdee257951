package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/internal/synth"
)

// seedDemo gives a new demo its data on first start: a synthetic population
// of people and its two opt-out lists, written to DIR/synth and loaded through the same ingest and
// opt-out services the API uses, so it is pseudonymised, checked and
// audited like any load. A demo that has data already is left alone: loads
// of the same files are no-ops.
func (s *service) seedDemo(ctx context.Context, w io.Writer, dir string, people int) error {
	if s.Loads == nil || s.Loads.Pseudonymiser == nil {
		return errors.New("demo: no mappings or key source to load the synthetic data with")
	}
	out := filepath.Join(dir, "synth")
	if _, err := os.Stat(filepath.Join(out, "README.txt")); err != nil {
		if err := os.MkdirAll(out, 0o700); err != nil {
			return err
		}
		fmt.Fprintf(w, "Writing a synthetic population of %d people to %s ...\n", people, out)
		if _, err := synth.Generate(ctx, out, synth.Options{People: people, Seed: 1}); err != nil {
			return err
		}
	}
	start := time.Now()
	for _, ds := range synth.Datasets {
		rep, err := loadFile(ctx, filepath.Join(out, ds+".csv"), func(f *os.File) (ingest.Report, error) {
			return s.Loads.Load(ctx, demoOperator, ingest.Request{Dataset: ds, Mapping: "synth_" + ds}, f)
		})
		if err != nil {
			return fmt.Errorf("demo: load %s: %w", ds, err)
		}
		if !rep.Duplicate {
			fmt.Fprintf(w, "  loaded %-17s %7d rows (%d rejected)\n", ds, rep.RowsStored, rep.RowsRejected)
		}
	}
	for _, l := range []optout.List{optout.ListNDOO, optout.ListType1} {
		if _, err := loadFile(ctx, filepath.Join(out, "optout_"+string(l)+".dat"), func(f *os.File) (enclave.OptOutReport, error) {
			return s.OptOuts.Load(ctx, demoOperator, enclave.OptOutRequest{List: l, Form: optout.FormDeny}, f)
		}); err != nil {
			return fmt.Errorf("demo: load the %s opt-out list: %w", l, err)
		}
	}
	fmt.Fprintf(w, "Synthetic data and the opt-out lists (national data opt-out, Type 1) are loaded (%s).\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func loadFile[R any](ctx context.Context, name string, load func(*os.File) (R, error)) (R, error) {
	f, err := os.Open(name)
	if err != nil {
		var zero R
		return zero, err
	}
	defer f.Close()
	return load(f)
}
