package catalogue

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/research-enclave/enclave/internal/yamlfile"
)

// patientsFile is a second valid file, for tests over several files.
const patientsFile = `dataset: patients
version: 1
title: Patients
sensitivity: sensitive
person: pid
disclosure: {threshold: 15, rounding: 10}
columns:
  - {name: pid, type: pseudonym, role: identifier}
  - {name: year_of_birth, type: integer, role: quasi_identifier}
`

func TestLoadCollectsEveryProblemSorted(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"ae_attendances.yaml": file(strings.NewReplacer("version: 3", "version: 0", "threshold: 10", "threshold: 0").Replace(aeFile)),
		"patients.yaml":       file(patientsFile),
		"gp_events.yaml":      file("dataset: gp_events\nversion: [\n"),
		"social_care.yml":     file(patientsFile),
	}
	want := []string{
		"ae_attendances.yaml:2: version: must be 1 or more",
		"ae_attendances.yaml:8: disclosure.threshold: must be between 1 and 1000",
		"gp_events.yaml:2: not valid YAML: did not find expected node content",
		`social_care.yml: catalogue files must end in ".yaml"`,
	}
	if got := problems(t, fsys); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, err := Load(fsys)
	if got, want := err.Error(), strings.Join(want, "\n"); got != want {
		t.Errorf("Error() =\n%s\nwant one problem per line:\n%s", got, want)
	}
}

func TestLoadIgnoresOtherFiles(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"patients.yaml":           file(patientsFile),
		"README.md":               file("# Catalogue\n"),
		".patients.yaml.swp":      file("\x00\x01"),
		"old/ae_attendances.yaml": file("not: [valid"),
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := len(c.Datasets()); got != 1 {
		t.Errorf("%d datasets, want 1", got)
	}
}

func TestLoadNoFiles(t *testing.T) {
	t.Parallel()
	want := []string{".: no *.yaml dataset files"}
	if got := problems(t, fstest.MapFS{"README.md": file("x")}); !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
}

func TestLoadFileTooLarge(t *testing.T) {
	t.Parallel()
	big := aeFile + "# " + strings.Repeat("x", yamlfile.MaxSize) + "\n"
	want := []string{"ae_attendances.yaml: file is larger than 1048576 bytes"}
	if got := problems(t, fstest.MapFS{"ae_attendances.yaml": file(big)}); !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
}

func TestLoadDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("ae_attendances.yaml", aeFile)
	write("patients.yaml", patientsFile)
	c, err := LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	same, err := Load(fstest.MapFS{"ae_attendances.yaml": file(aeFile), "patients.yaml": file(patientsFile)})
	if err != nil {
		t.Fatal(err)
	}
	if c.Revision() != same.Revision() {
		t.Errorf("LoadDir revision %s, Load revision %s: the directory must not count", c.Revision(), same.Revision())
	}

	write("patients.yaml", strings.Replace(patientsFile, "version: 1", "version: 0", 1))
	_, err = LoadDir(dir)
	if want := filepath.Join(dir, "patients.yaml") + ":2: version: must be 1 or more"; err == nil || err.Error() != want {
		t.Errorf("LoadDir error = %v, want %s", err, want)
	}
	if _, err := LoadDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("LoadDir of a missing directory succeeded")
	}
}
