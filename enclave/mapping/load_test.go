package mapping

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

func TestRevision(t *testing.T) {
	t.Parallel()
	a := mustLoad(t, "m.yaml", patientsMapping, "lookups/pc.csv", pcLookup)
	b := mustLoad(t, "other/name.yaml", patientsMapping, "other/lookups/pc.csv", pcLookup)
	c := mustLoad(t, "m.yaml", patientsMapping, "lookups/pc.csv", pcLookup+"LS2 7AA,E01011264\n")
	d := mustLoad(t, "m.yaml", patientsMapping+"description: same columns\n", "lookups/pc.csv", pcLookup)
	if !strings.HasPrefix(a.Revision(), "sha256:") || len(a.Revision()) != len("sha256:")+64 {
		t.Fatalf("Revision = %q", a.Revision())
	}
	if a.Revision() != b.Revision() {
		t.Error("the same files in another directory give another revision")
	}
	if a.Revision() == c.Revision() || a.Revision() == d.Revision() {
		t.Error("a changed lookup or mapping file keeps the revision")
	}
}

func TestLoadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "visits.mapping.yaml")
	if err := os.WriteFile(file, []byte(strings.Replace(visitsMapping, "version: 1", "version: 0", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(file, testCatalogue(t))
	if want := file + ":2: version: must be 1 or more"; err == nil || err.Error() != want {
		t.Errorf("LoadFile error = %v, want %s", err, want)
	}
	_, err = LoadFile(filepath.Join(dir, "absent.yaml"), testCatalogue(t))
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "absent.yaml: cannot read:") {
		t.Errorf("LoadFile(missing) error = %v", err)
	}
	big := "# " + strings.Repeat("x", yamlfile.MaxSize) + "\n"
	if got := problems(t, "m.yaml", big); len(got) != 1 || got[0] != "m.yaml: file is larger than 1048576 bytes" {
		t.Errorf("problems = %q", got)
	}
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	m := mustLoad(t, "m.yaml", visitsMapping)
	if m.Name() != "test_visits" || m.Version() != 1 || m.Dataset() != "visits" || m.Person() != "pid" || m.Delimiter() != ';' {
		t.Errorf("accessors = %s %d %s %s %q", m.Name(), m.Version(), m.Dataset(), m.Person(), m.Delimiter())
	}
	cols := m.Columns()
	cols[0] = "changed"
	if m.Columns()[0] != "week" {
		t.Error("Columns shares its slice with the mapping")
	}
}
