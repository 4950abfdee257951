package mapping_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/csvsource"
	"github.com/research-enclave/enclave/enclave/mapping"
)

// TestNewSources loads new sources, Synthea exports (Synthea's real
// patients.csv and observations.csv headers) and a hospital's A&E extract,
// into demo datasets with nothing but a new mapping file each.
func TestNewSources(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		mapping, data string
		system        string
		want          []string
		skipped       int // rows a when: condition skips
	}{
		{"testdata/synthea/patients.mapping.yaml", "testdata/synthea/patients.csv", "org.mitre.synthea.patient", []string{
			"1962 F E01011264 <nil> white\n",
			"2011 M E01011623 <nil> asian\n",
			"1938 M <nil> <nil> other\n",
			"1990 F E01011295 <nil> black\n",
		}, 0},
		{"testdata/ae_extract/ae.mapping.yaml", "testdata/ae_extract/ae.csv", "", []string{
			"2024-04-05 00:00:00 +0000 UTC 20-24 true F10.0 212 <nil>\n",
			"2024-04-06 00:00:00 +0000 UTC 75-79 false S72.0 348 <nil>\n",
			"2024-04-07 00:00:00 +0000 UTC 0-4 false J06.9 95 <nil>\n",
		}, 0},
		{"testdata/synthea/observations.mapping.yaml", "testdata/synthea/observations.csv", "org.mitre.synthea.patient", []string{
			"2019-02-10 00:00:00 +0000 UTC 60621009 27.4 <nil> <nil> <nil> <nil>\n",
			"2021-06-01 00:00:00 +0000 UTC 60621009 18.1 <nil> <nil> <nil> <nil>\n",
		}, 3},
	}
	for _, tt := range tests {
		m, err := mapping.LoadFile(tt.mapping, cat)
		if err != nil {
			t.Fatalf("LoadFile:\n%v", err)
		}
		got, skipped := loadAll(t, m, tt.data, tt.system)
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) || skipped != tt.skipped {
			t.Errorf("%s rows\n%q\nwant\n%q\nskipped %d, want %d", tt.data, got, tt.want, skipped, tt.skipped)
		}
	}
}

// loadAll reads and transforms every row of file, failing on a reject, and
// returns the values of each row and how many rows were skipped; system is
// the local identifier system expected, or "" for NHS numbers.
func loadAll(t *testing.T, m *mapping.Mapping, file, system string) (got []string, skipped int) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, err := csvsource.Open(f, csvsource.Options{Delimiter: m.Delimiter()})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := m.Bind(src.Header(), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			return got, skipped
		}
		if err != nil || rec.Reject != nil {
			t.Fatalf("%s line %d: %v %v", file, rec.Line, err, rec.Reject)
		}
		res, rej := tr.Transform(rec.Fields)
		if rej != nil && rej.Skip {
			skipped++
			continue
		}
		if rej != nil {
			t.Fatalf("%s line %d: %v", file, rec.Line, rej)
		}
		if res.Person.System() != system {
			t.Errorf("%s line %d: identifier system %q, want %q", file, rec.Line, res.Person.System(), system)
		}
		got = append(got, fmt.Sprintln(res.Values...))
	}
}
