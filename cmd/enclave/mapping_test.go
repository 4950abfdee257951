package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/internal/synth"
)

// TestMappingCheck: `enclave mapping check` finds a mapping's problems and
// a sample's, offline: every mapping problem by file and line, header
// columns the mapping does not cover by position and name, and rejected
// rows by reason and line, with no server, key or database.
func TestMappingCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 200, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	file := func(name string) string { return filepath.Join(dir, name) }
	read := func(name string) string {
		b, err := os.ReadFile(file(name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(name, body string) string {
		if err := os.WriteFile(file(name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return file(name)
	}
	mapping := file("patients.mapping.yaml")

	out, err := runCmd(t, nil, "mapping", "check", mapping, "--sample", file("patients.csv"))
	if err != nil || !strings.Contains(out, "Mapping synth_patients version 1 fills dataset patients: no problems found (catalogue: the built-in demo catalogue; pass --catalogue to check against yours).") ||
		!strings.Contains(out, "200 rows read; a load would store 200 and reject 0.") {
		t.Errorf("a good mapping and sample: %v\n%s", err, out)
	}

	// A mapping error: a target that is not a dataset column leaves
	// another unfilled; both are named by line.
	broken := write("broken.mapping.yaml", strings.Replace(read("patients.mapping.yaml"), "target: sex\n", "target: sexx\n", 1))
	out, err = runCmd(t, nil, "mapping", "check", broken)
	if err == nil || !strings.Contains(err.Error(), `broken.mapping.yaml:16: columns[2].target: "sexx" is not a column of dataset patients`) ||
		!strings.Contains(err.Error(), `column "sex" is not filled`) {
		t.Errorf("a broken mapping: %v\n%s", err, out)
	}

	// Columns a provider added are named locally, with their positions.
	lines := strings.SplitAfter(read("patients.csv"), "\n")
	var extra strings.Builder
	extra.WriteString(strings.TrimSuffix(lines[0], "\n") + ",GP_PRACTICE,FREE_TEXT\n")
	for _, l := range lines[1:] {
		if l != "" {
			extra.WriteString(strings.TrimSuffix(l, "\n") + ",B86001,x\n")
		}
	}
	out, err = runCmd(t, nil, "mapping", "check", mapping, "--sample", write("extra.csv", extra.String()))
	if err == nil || !strings.Contains(err.Error(), `column 8 "GP_PRACTICE" is not in the mapping`) ||
		!strings.Contains(err.Error(), `column 9 "FREE_TEXT" is not in the mapping`) {
		t.Errorf("a sample with added columns: %v\n%s", err, out)
	}

	// Bad rows are counted by reason and listed by line, as a load would.
	bad := lines[0] + lines[1] + "9990000017,1980-05-17,F,LS1 4AP,E01011365,3,white\n" + lines[2] +
		"9990000026,1980-02-30,M,LS1 4AP,E01011365,3,white\n"
	out, err = runCmd(t, nil, "mapping", "check", mapping, "--sample", write("bad.csv", bad))
	if err != nil || !strings.Contains(out, "4 rows read; a load would store 2 and reject 2.") ||
		!strings.Contains(out, "date.invalid") || !strings.Contains(out, "identifier.invalid") ||
		!regexp.MustCompile(`(?m)^\s+3\s+nhs_number\s+identifier\.invalid$`).MatchString(out) || !regexp.MustCompile(`(?m)^\s+5\s+date_of_birth\s+date\.invalid$`).MatchString(out) {
		t.Errorf("a sample with bad rows: %v\n%s", err, out)
	}

	// Rows a when: condition keeps out are skipped, counted apart from
	// rejects (Synthea's observations: BMI rows kept, the others skipped).
	synthea := filepath.Join("..", "..", "enclave", "mapping", "testdata", "synthea")
	out, err = runCmd(t, nil, "mapping", "check", filepath.Join(synthea, "observations.mapping.yaml"), "--sample", filepath.Join(synthea, "observations.csv"))
	if err != nil || !strings.Contains(out, "5 rows read; a load would store 2 and reject 0, and skip 3 (not for this dataset).") ||
		!regexp.MustCompile(`(?m)^\s+row\.condition\s+3$`).MatchString(out) {
		t.Errorf("a sample with rows for another dataset: %v\n%s", err, out)
	}

	// The catalogue is the one asked for, and a missing one is an error.
	if out, err := runCmd(t, nil, "mapping", "check", mapping, "--catalogue", file("nowhere")); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("a missing catalogue: %v\n%s", err, out)
	}
	if out, err := runCmd(t, []string{"ENCLAVE_CATALOGUE_DIR=" + file("nowhere")}, "mapping", "check", mapping); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("ENCLAVE_CATALOGUE_DIR naming a missing catalogue: %v\n%s", err, out)
	}
}
