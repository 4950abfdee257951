package query

import (
	"encoding/json"
	"testing"
)

// TestCanonicalOrder writes one question in a scrambled order, with
// repeats, and expects the one canonical form.
func TestCanonicalOrder(t *testing.T) {
	t.Parallel()
	scrambled := Query{
		Datasets: []string{"patients", "ae_attendances", "patients"},
		Measures: []Measure{
			{Kind: Percentile, Column: "ae_attendances.wait_minutes", P: 0.9},
			{Kind: Mean, Column: "ae_attendances.wait_minutes"},
			{Kind: Percentile, Column: "ae_attendances.wait_minutes", P: 0.1},
			{Kind: Sum, Column: "ae_attendances.wait_minutes"},
			{Kind: CountEvents, Dataset: "ae_attendances"},
			{Kind: CountPeople},
			{Kind: CountPeople},
		},
		GroupBy: []string{"patients.sex", "ae_attendances.age_band"},
		Filters: []Filter{
			{Column: "patients.sex", Op: In, Values: []Value{"M", "F", "M"}},
			{Column: "ae_attendances.wait_minutes", Op: Lte, Values: []Value{"240"}},
			{Column: "ae_attendances.arrival_date", Op: Lt, Values: []Value{"2024-01-01"}},
			{Column: "ae_attendances.wait_minutes", Op: Gte, Values: []Value{"10"}},
			{Column: "ae_attendances.arrival_date", Op: Gte, Values: []Value{"2023-01-01"}},
			{Column: "ae_attendances.arrival_date", Op: Gt, Values: []Value{"2022-06-30"}},
			{Column: "ae_attendances.age_band", Op: In, Values: []Value{"5-9"}},
			{Column: "patients.sex", Op: In, Values: []Value{"F", "M"}},
		},
		Cohort: &Cohort{Dataset: "gp_events", Filters: []Filter{
			{Column: "gp_events.obese", Op: In, Values: []Value{"true", "true"}},
		}},
		Totals: true,
	}
	want := `{"cohort":{"dataset":"gp_events","filters":[{"column":"gp_events.obese","op":"eq","values":["true"]}]},` +
		`"datasets":["ae_attendances","patients"],` +
		`"filters":[{"column":"ae_attendances.age_band","op":"eq","values":["5-9"]},` +
		`{"column":"ae_attendances.arrival_date","op":"gt","values":["2022-06-30"]},` +
		`{"column":"ae_attendances.arrival_date","op":"gte","values":["2023-01-01"]},` +
		`{"column":"ae_attendances.arrival_date","op":"lt","values":["2024-01-01"]},` +
		`{"column":"ae_attendances.wait_minutes","op":"between","values":["10","240"]},` +
		`{"column":"patients.sex","op":"in","values":["F","M"]}],` +
		`"group_by":["ae_attendances.age_band","patients.sex"],` +
		`"measures":[{"kind":"count_people"},{"dataset":"ae_attendances","kind":"count_events"},` +
		`{"column":"ae_attendances.wait_minutes","kind":"sum"},{"column":"ae_attendances.wait_minutes","kind":"mean"},` +
		`{"column":"ae_attendances.wait_minutes","kind":"percentile","p":0.1},` +
		`{"column":"ae_attendances.wait_minutes","kind":"percentile","p":0.9}],"totals":true}`
	before := string(CanonicalJSON(scrambled))
	if got := string(CanonicalJSON(scrambled)); got != want {
		t.Errorf("CanonicalJSON =\n%s\nwant\n%s", got, want)
	}
	if again := string(CanonicalJSON(Canonical(scrambled))); again != want {
		t.Errorf("Canonical is not idempotent:\n%s", again)
	}
	if scrambled.Datasets[0] != "patients" || len(scrambled.Filters) != 8 || scrambled.Filters[0].Values[0] != "M" ||
		len(scrambled.Cohort.Filters[0].Values) != 2 || before != want {
		t.Errorf("Canonical changed its argument: %+v", scrambled)
	}
}

// TestCanonicalEdges covers empty parts, filter windows and string escapes.
func TestCanonicalEdges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		q    Query
		want string
	}{
		{"zero", Query{}, `{}`},
		{"empty lists", Query{Datasets: []string{}, Filters: []Filter{}, GroupBy: []string{}, Measures: []Measure{}}, `{}`},
		{"totals without a breakdown", Query{Datasets: []string{"patients"}, Totals: true}, `{"datasets":["patients"]}`},
		{"cohort without filters", Query{Cohort: &Cohort{Dataset: "gp_events", Filters: []Filter{}}}, `{"cohort":{"dataset":"gp_events"}}`},
		{"window of repeated filters", Query{Filters: []Filter{{Column: "a.b", Op: Gte, Values: []Value{"5"}},
			{Column: "a.b", Op: Lte, Values: []Value{"9"}}, {Column: "a.b", Op: Gte, Values: []Value{"5"}}}},
			`{"filters":[{"column":"a.b","op":"between","values":["5","9"]}]}`},
		{"two lower bounds are not a window", Query{Filters: []Filter{{Column: "a.b", Op: Gte, Values: []Value{"5"}},
			{Column: "a.b", Op: Lte, Values: []Value{"9"}}, {Column: "a.b", Op: Gte, Values: []Value{"6"}}}},
			`{"filters":[{"column":"a.b","op":"gte","values":["5"]},{"column":"a.b","op":"gte","values":["6"]},{"column":"a.b","op":"lte","values":["9"]}]}`},
		{"window beside a between", Query{Filters: []Filter{{Column: "a.b", Op: Between, Values: []Value{"5", "9"}},
			{Column: "a.b", Op: Lte, Values: []Value{"9"}}, {Column: "a.b", Op: Gte, Values: []Value{"5"}}}},
			`{"filters":[{"column":"a.b","op":"between","values":["5","9"]}]}`},
		{"strings as written", Query{Filters: []Filter{{Column: "a.b", Op: Eq, Values: []Value{"<&> \u2028 é \"\\"}}}},
			`{"filters":[{"column":"a.b","op":"eq","values":["<&> \u2028 é \"\\"]}]}`},
	}
	for _, tt := range tests {
		if got := string(CanonicalJSON(tt.q)); got != tt.want {
			t.Errorf("%s: CanonicalJSON = %s, want %s", tt.name, got, tt.want)
		}
		if again := string(CanonicalJSON(Canonical(tt.q))); again != tt.want {
			t.Errorf("%s: Canonical is not idempotent: %s", tt.name, again)
		}
	}
}

// TestHashGolden freezes the canonical encoding: audit records hold these
// hashes, so a change here breaks every earlier record's hash. Never update
// the constants; if the encoding must change, version it.
func TestHashGolden(t *testing.T) {
	t.Parallel()
	const (
		body = `{"datasets": ["patients", "ae_attendances"],
			"measures": [{"kind": "count_people"}, {"kind": "count_events", "dataset": "ae_attendances"},
			             {"kind": "sum", "column": "ae_attendances.wait_minutes"},
			             {"kind": "percentile", "column": "ae_attendances.wait_minutes", "p": 0.5}],
			"group_by": ["patients.sex", "ae_attendances.age_band"],
			"filters": [{"column": "ae_attendances.alcohol_related", "op": "eq", "values": [true]},
			            {"column": "ae_attendances.arrival_date", "op": "between", "values": ["2023-01-01", "2023-12-31"]},
			            {"column": "patients.sex", "op": "in", "values": ["M", "F"]}],
			"cohort": {"dataset": "gp_events", "filters": [{"column": "gp_events.obese", "op": "eq", "values": [true]}]},
			"totals": true}`
		encoding = `{"cohort":{"dataset":"gp_events","filters":[{"column":"gp_events.obese","op":"eq","values":["true"]}]},` +
			`"datasets":["ae_attendances","patients"],"filters":[` +
			`{"column":"ae_attendances.alcohol_related","op":"eq","values":["true"]},` +
			`{"column":"ae_attendances.arrival_date","op":"between","values":["2023-01-01","2023-12-31"]},` +
			`{"column":"patients.sex","op":"in","values":["F","M"]}],` +
			`"group_by":["ae_attendances.age_band","patients.sex"],` +
			`"measures":[{"kind":"count_people"},{"dataset":"ae_attendances","kind":"count_events"},` +
			`{"column":"ae_attendances.wait_minutes","kind":"sum"},` +
			`{"column":"ae_attendances.wait_minutes","kind":"percentile","p":0.5}],"totals":true}`
		hash = "sha256:5fe63e568a3cb164f4fcfc149af6c523c5ae407036c81b36384ed5a712ec6761"
	)
	q := validated(t, decode(t, body))
	if got := string(CanonicalJSON(q)); got != encoding {
		t.Errorf("CanonicalJSON =\n%s\nwant\n%s", got, encoding)
	}
	if got := Hash(q); got != hash {
		t.Errorf("Hash = %s, want %s", got, hash)
	}
	// The encoding is also what encoding/json reads back.
	var back Query
	if err := json.Unmarshal([]byte(encoding), &back); err != nil || Hash(back) != hash {
		t.Errorf("the encoding does not read back to the same hash: %v", err)
	}
}
