package catalogue_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
)

func TestDemoCatalogueLoads(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatalf("Load(demo catalogue):\n%v", err)
	}
	var names []string
	for _, d := range cat.Datasets() {
		names = append(names, d.Name)
	}
	want := "ae_attendances breast_screening gp_events patients social_care"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("datasets = %s, want %s", got, want)
	}
	for _, name := range strings.Fields(want) {
		d, _ := cat.Dataset(name)
		wantSensitivity := catalogue.SensitivityStandard
		if name == "social_care" {
			wantSensitivity = catalogue.SensitivitySensitive
		}
		if d.Sensitivity != wantSensitivity {
			t.Errorf("%s: sensitivity = %s, want %s", name, d.Sensitivity, wantSensitivity)
		}
		if d.Review != (name == "social_care") {
			t.Errorf("%s: review = %v, want true for social_care only", name, d.Review)
		}
		if d.Person != "pid" {
			t.Errorf("%s: person = %q, want pid (datasets join on pid)", name, d.Person)
		}
		if d.Disclosure.Threshold < 10 {
			t.Errorf("%s: threshold = %d, want at least 10 (NHS England SDE)", name, d.Disclosure.Threshold)
		}
	}
}

func TestDemoRevision(t *testing.T) {
	t.Parallel()
	a, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	b, err := catalogue.Load(copyFS(t, democatalogue.FS))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Revision(), "sha256:") || len(a.Revision()) != len("sha256:")+64 {
		t.Fatalf("Revision() = %q, want sha256: and 64 hex digits", a.Revision())
	}
	if a.Revision() != b.Revision() {
		t.Errorf("same files, different revisions: %s and %s", a.Revision(), b.Revision())
	}

	changed := copyFS(t, democatalogue.FS)
	f := changed["patients.yaml"]
	f.Data = []byte(strings.Replace(string(f.Data), "version: 1", "version: 2", 1))
	c, err := catalogue.Load(changed)
	if err != nil {
		t.Fatal(err)
	}
	if c.Revision() == a.Revision() {
		t.Errorf("patients.yaml changed but the revision did not: %s", c.Revision())
	}
}

// copyFS copies the demo files into a MapFS that a test may change.
func copyFS(t *testing.T, fsys fs.FS) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no demo files: %v", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: data}
	}
	return out
}

// TestDemoCoarsenings: every column a project may use can be grouped by
// something, so that no integer, number or date column of the demo is
// usable only as a measure: each declares bins or a granularity.
func TestDemoCoarsenings(t *testing.T) {
	t.Parallel()
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range cat.Datasets() {
		for _, c := range d.Columns {
			if c.Outputtable() && c.GroupBy() == catalogue.GroupByNone {
				t.Errorf("%s.%s (%s) can be neither grouped nor filtered on: declare bins or a granularity", d.Name, c.Name, c.Type)
			}
		}
	}
}
