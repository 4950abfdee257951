package regionbench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
)

// datasets are the synthetic files, in the order they are loaded.
var datasets = []string{"patients", "gp_events", "ae_attendances", "breast_screening", "social_care"}

// loaded is one file's load as measured: rows stored, wall time and the
// loading process's peak resident memory during it.
type loaded struct {
	name    string
	rows    int64
	took    time.Duration
	peakRSS int64 // bytes; 0 where the system does not say
}

// loadAll loads every dataset and both opt-out lists from dir over HTTP,
// as `enclave ingest` and `enclave optout load` send them, as the operator.
func (r *region) loadAll(b *testing.B, dir string) []loaded {
	b.Helper()
	var out []loaded
	for _, ds := range datasets {
		var rep ingest.Report
		l := r.upload(b, filepath.Join(dir, ds+".csv"),
			"/v1/datasets/"+ds+"/loads?mapping=synth_"+ds, "text/csv", &rep)
		if rep.RowsRejected != 0 {
			b.Fatalf("%s: %d rows rejected", ds, rep.RowsRejected)
		}
		l.name, l.rows = ds, rep.RowsStored
		out = append(out, l)
	}
	for _, list := range []string{"ndoo", "type1"} {
		var rep enclave.OptOutReport
		l := r.upload(b, filepath.Join(dir, "optout_"+list+".dat"), "/v1/optouts/"+list+"?form=deny", "text/plain", &rep)
		l.name, l.rows = "opt-out list "+list, int64(rep.File.Numbers)
		out = append(out, l)
	}
	return out
}

// upload posts one file and measures it.
func (r *region) upload(b *testing.B, file, path, contentType string, report any) loaded {
	b.Helper()
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	resetPeakRSS()
	start := time.Now()
	if err := r.post(context.Background(), r.operator, path, contentType, f, report); err != nil {
		b.Fatalf("load %s: %v", filepath.Base(file), err)
	}
	return loaded{took: time.Since(start), peakRSS: peakRSS()}
}

// sizes are the bytes on disk of each dataset table (with its indexes and
// TOAST), of the opt-out entries, of the audit log and of the whole
// database.
func (r *region) sizes(b *testing.B) [][2]string {
	b.Helper()
	super := r.env.DB.Super(b)
	var out [][2]string
	var tables []string
	for _, ds := range datasets {
		tables = append(tables, "ds_"+ds+"_v1")
	}
	for _, t := range append(tables, "optout_entries", "audit_events") {
		var n int64
		if err := super.QueryRow(context.Background(), "SELECT pg_total_relation_size($1::regclass)", t).Scan(&n); err != nil {
			b.Fatalf("size of %s: %v", t, err)
		}
		out = append(out, [2]string{"`" + t + "`", megabytes(n)})
	}
	var n int64
	if err := super.QueryRow(context.Background(), "SELECT pg_database_size(current_database())").Scan(&n); err != nil {
		b.Fatal(err)
	}
	return append(out, [2]string{"the whole database", megabytes(n)})
}

func megabytes(n int64) string {
	if n < 10e6 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return thousands((n+5e5)/1e6) + " MB"
}
