package synth

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// generate writes a population to a fresh temporary directory.
func generate(t testing.TB, people int, seed int64) (string, Summary) {
	t.Helper()
	dir := t.TempDir()
	sum, err := Generate(context.Background(), dir, Options{People: people, Seed: seed})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir, sum
}

// table is a CSV file read back: its header and rows as column -> cell.
type table struct {
	header []string
	rows   []map[string]string
}

func readTable(t testing.TB, dir, name string) table {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: no header", name)
	}
	tb := table{header: recs[0]}
	for _, rec := range recs[1:] {
		row := make(map[string]string, len(rec))
		for i, v := range rec {
			row[tb.header[i]] = v
		}
		tb.rows = append(tb.rows, row)
	}
	return tb
}

// sourceFiles are the CSV files Generate writes, by catalogue dataset name.
var sourceFiles = map[string]string{
	"patients":         "patients.csv",
	"gp_events":        "gp_events.csv",
	"ae_attendances":   "ae_attendances.csv",
	"breast_screening": "breast_screening.csv",
	"social_care":      "social_care.csv",
}
