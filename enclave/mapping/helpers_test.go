package mapping

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
)

// visitsDataset declares a dataset with a column of every type, for the
// tests; the demo catalogue provides the others.
const visitsDataset = `dataset: visits
version: 1
title: Visits
sensitivity: standard
person: pid
disclosure: {threshold: 10, rounding: 5}
columns:
  - {name: pid, type: pseudonym, role: identifier}
  - {name: week, type: date, role: dimension}
  - {name: area, type: code, role: quasi_identifier, pattern: "[A-Z]{1,2}[0-9][A-Z0-9]?"}
  - {name: age_group, type: code, role: quasi_identifier, values: ["0-17", "18-64", "65+"]}
  - {name: bmi, type: number, role: measure}
  - {name: visits, type: integer, role: measure}
  - {name: smoker, type: boolean, role: dimension}
  - {name: note, type: text, role: never_output}
`

// visitsMapping is a valid mapping; the rule tests break it one edit at a
// time. Keep its line numbers stable: the tests name them.
const visitsMapping = `mapping: test_visits
version: 1
dataset: visits
source: {format: csv, delimiter: ";", header: true}
absent: [note]
columns:
  - source: hospital_no
    identifier: {type: local, system: leeds.th.hospital-number}
  - source: seen
    target: week
    date: {layout: "2006-01-02T15:04:05Z07:00", coarsen: week_start}
  - source: born
    target: age_group
    date: {layout: "02/01/2006", coarsen: age_band, at: seen, bands: [0, 18, 65]}
  - source: postcode
    target: area
    postcode: {area: outward}
  - source: bmi
    target: bmi
    optional: true
  - source: visits
    target: visits
  - source: smoker
    target: smoker
    recode: {Y: "true", N: "false", "": "false"}
  - source: surname
    drop: true
`

// patientsMapping fills the demo patients dataset, with a postcode lookup.
const patientsMapping = `mapping: test_patients
version: 1
dataset: patients
columns:
  - source: nhs
    identifier: {type: nhs}
  - source: dob
    target: year_of_birth
    date: {layout: "2006-01-02", coarsen: year}
  - source: sex
    target: sex
    recode: {"1": M, "2": F, "": U}
  - source: postcode
    target: lsoa_code
    postcode: {lookup: lookups/pc.csv}
  - source: decile
    target: deprivation_decile
    optional: true
  - source: ethnicity
    target: ethnicity_group
`

const pcLookup = "postcode,area\nLS6 2QB,E01011264\nls16 9qx,E01011623\nLS1  1AA,E01011264\n"

// datasets is a Datasets for tests.
type datasets map[string]*catalogue.Dataset

func (ds datasets) Dataset(name string) (*catalogue.Dataset, bool) {
	d, ok := ds[name]
	return d, ok
}

// testCatalogue is the demo catalogue plus visits.
func testCatalogue(t testing.TB) datasets {
	t.Helper()
	out := datasets{}
	demo, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	visits, err := catalogue.Load(fstest.MapFS{"visits.yaml": {Data: []byte(visitsDataset)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(demo.Datasets(), visits.Datasets()...) {
		out[d.Name] = d
	}
	return out
}

// mustLoad loads a mapping from files given as name, content pairs; the
// first is the mapping.
func mustLoad(t testing.TB, files ...string) *Mapping {
	t.Helper()
	m, err := Load(mapFS(files...), files[0], testCatalogue(t))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return m
}

func mapFS(files ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(files); i += 2 {
		fsys[files[i]] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	return fsys
}

// problems loads the mapping and returns its problem lines, failing the
// test when the error is not an *Error.
func problems(t *testing.T, files ...string) []string {
	t.Helper()
	m, err := Load(mapFS(files...), files[0], testCatalogue(t))
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Load error is %T, want *Error: %v", err, err)
	}
	if m != nil {
		t.Error("Load returned a mapping with an error")
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return lines
}

// ruleCase edits a mapping, replacing the first old with new, and lists the
// problems Load must report.
type ruleCase struct {
	name     string
	old, new string
	want     []string
}

func runRuleCases(t *testing.T, base string, extra []string, tests []ruleCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := base
			if tt.old != "" {
				if !strings.Contains(data, tt.old) {
					t.Fatalf("the test edit %q is not in the mapping", tt.old)
				}
				data = strings.Replace(data, tt.old, tt.new, 1)
			}
			got := problems(t, append([]string{"m.yaml", data}, extra...)...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
