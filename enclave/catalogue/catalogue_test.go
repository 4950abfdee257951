package catalogue

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

func loadTwo(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Load(fstest.MapFS{"ae_attendances.yaml": file(aeFile), "patients.yaml": file(patientsFile)})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	c := loadTwo(t)
	ds := c.Datasets()
	if len(ds) != 2 || ds[0].Name != "ae_attendances" || ds[1].Name != "patients" {
		t.Fatalf("Datasets() = %v, want ae_attendances then patients", ds)
	}
	ae, ok := c.Dataset("ae_attendances")
	if !ok {
		t.Fatal("Dataset(ae_attendances) not found")
	}
	if ae.Version != 3 || ae.Title != "A&E attendances" || ae.Sensitivity != SensitivityStandard ||
		ae.Person != "pid" || ae.Disclosure != (Disclosure{Threshold: 10, Rounding: 5, Mode: disclosure.ModeBase, Dominance: Dominance{N: 2, KPercent: 90}, PPercent: 10}) || len(ae.Columns) != 7 {
		t.Errorf("ae_attendances = %+v", ae)
	}
	if _, ok := c.Dataset("nope"); ok {
		t.Error(`Dataset("nope") found`)
	}
	col, ok := ae.Column("age_band")
	if !ok || col.Type != TypeCode || col.Role != RoleQuasiIdentifier || len(col.Values) != 3 {
		t.Errorf(`Column("age_band") = %+v, %v`, col, ok)
	}
	if _, ok := ae.Column("nope"); ok {
		t.Error(`Column("nope") found`)
	}
}

func TestAccessorsReturnCopies(t *testing.T) {
	t.Parallel()
	c := loadTwo(t)
	ae, _ := c.Dataset("ae_attendances")
	ae.Disclosure.Threshold = 1
	ae.Columns[0].Role = RoleDimension
	col, _ := ae.Column("age_band")
	col.Values[0] = "changed"
	c.Datasets()[0].Name = "changed"

	again, _ := c.Dataset("ae_attendances")
	col, _ = again.Column("age_band")
	if again.Disclosure.Threshold != 10 || again.Columns[0].Role != RoleIdentifier || col.Values[0] != "0-4" ||
		c.Datasets()[0].Name != "ae_attendances" {
		t.Errorf("a caller changed the catalogue: %+v", again)
	}
}

func TestOutputtable(t *testing.T) {
	t.Parallel()
	for role, want := range map[Role]bool{
		RoleIdentifier: false, RoleQuasiIdentifier: true, RoleDimension: true, RoleMeasure: true, RoleNeverOutput: false,
	} {
		if got := (Column{Role: role}).Outputtable(); got != want {
			t.Errorf("Outputtable() for %s = %v, want %v", role, got, want)
		}
	}
}

func TestJSONView(t *testing.T) {
	t.Parallel()
	c, err := Load(fstest.MapFS{"patients.yaml": file(patientsFile + `  - {name: area, type: code, role: quasi_identifier, description: LSOA, pattern: "E01[0-9]{6}"}
  - {name: bmi, type: number, role: measure, unit: kg/m2, description: Body mass index}
  - {name: sex, type: code, role: dimension, values: [F, M]}
  - {name: egfr, type: number, role: measure, bins: [15, 30, 60.5]}
  - {name: born, type: integer, role: quasi_identifier, bins: {from: 1900, to: 2030, width: 10}}
  - {name: seen, type: date, role: dimension, granularity: month}
  - {name: visited, type: date, role: dimension}
  - {name: smoker, type: boolean, role: dimension}
`)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"revision":"` + c.Revision() + `","datasets":[{"name":"patients","version":1,"title":"Patients",` +
		`"sensitivity":"sensitive","person":"pid","disclosure":{"threshold":15,"rounding":10,"mode":"base","dominance":{"n":2,"k_percent":90},"p_percent":10},"columns":[` +
		`{"name":"pid","type":"pseudonym","role":"identifier","group_by":"none"},` +
		`{"name":"year_of_birth","type":"integer","role":"quasi_identifier","group_by":"none"},` +
		`{"name":"area","type":"code","role":"quasi_identifier","description":"LSOA","pattern":"E01[0-9]{6}","group_by":"open"},` +
		`{"name":"bmi","type":"number","role":"measure","description":"Body mass index","unit":"kg/m2","group_by":"none"},` +
		`{"name":"sex","type":"code","role":"dimension","values":["F","M"],"group_by":"categories"},` +
		`{"name":"egfr","type":"number","role":"measure","bins":[15,30,60.5],"group_by":"bins"},` +
		`{"name":"born","type":"integer","role":"quasi_identifier","bins":{"from":1900,"to":2030,"width":10},"group_by":"bins"},` +
		`{"name":"seen","type":"date","role":"dimension","granularity":"month","group_by":"month"},` +
		`{"name":"visited","type":"date","role":"dimension","group_by":"none"},` +
		`{"name":"smoker","type":"boolean","role":"dimension","group_by":"categories"}]}]}`
	if string(got) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", got, want)
	}
}

// A file may choose its rounding mode and magnitude rules; left out, they
// are rounding to a base and ACRO's.
func TestDisclosureModeAndMagnitude(t *testing.T) {
	data := strings.Replace(aeFile, "rounding: 5", "rounding: 1\n  mode: cell_key\n  dominance: {n: 3, k_percent: 80}\n  p_percent: 15", 1)
	c, err := Load(fstest.MapFS{"ae_attendances.yaml": file(data)})
	if err != nil {
		t.Fatal(err)
	}
	ae, _ := c.Dataset("ae_attendances")
	want := Disclosure{Threshold: 10, Rounding: 1, Mode: disclosure.ModeCellKey, Dominance: Dominance{N: 3, KPercent: 80}, PPercent: 15}
	if ae.Disclosure != want {
		t.Errorf("disclosure = %+v, want %+v", ae.Disclosure, want)
	}
}
