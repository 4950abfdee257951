package synth

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/csvsource"
	"github.com/research-enclave/enclave/enclave/mapping"
)

// TestMappingsLoad reads every CSV file through csvsource and its mapping
// file, as ingest will, and expects no rejected row: synth writes no
// deliberately bad rows.
func TestMappingsLoad(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir, sum := generate(t, 500, 5)
	for dsName, file := range sourceFiles {
		m, err := mapping.LoadFile(filepath.Join(dir, strings.TrimSuffix(file, ".csv")+".mapping.yaml"), cat)
		if err != nil {
			t.Fatalf("%s mapping:\n%v", file, err)
		}
		if m.Dataset() != dsName {
			t.Errorf("%s mapping fills %s, want %s", file, m.Dataset(), dsName)
		}
		if n := loadRows(t, filepath.Join(dir, file), m); n != sum.Rows[file] {
			t.Errorf("%s: %d rows transformed, want %d", file, n, sum.Rows[file])
		}
	}
}

// loadRows transforms every row of file, failing on any reject.
func loadRows(t *testing.T, file string, m *mapping.Mapping) int {
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
	tr, err := m.Bind(src.Header(), defaultEnd)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for n := 0; ; n++ {
		rec, err := src.Next()
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil || rec.Reject != nil {
			t.Fatalf("%s line %d: %v %v", file, rec.Line, err, rec.Reject)
		}
		if _, rej := tr.Transform(rec.Fields); rej != nil {
			t.Fatalf("%s line %d: %v", file, rec.Line, rej)
		}
	}
}
