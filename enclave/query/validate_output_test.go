package query

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
)

// TestValidateOutput checks what Validate returns: qualified columns,
// count_events' dataset filled in, values in one form, canonical order.
func TestValidateOutput(t *testing.T) {
	t.Parallel()
	in := decode(t, `{"datasets": ["social_care", "patients"],
		"measures": [{"kind": "mean", "column": "weekly_cost"}, {"kind": "count_people"}],
		"group_by": ["support_reason", "sex"],
		"filters": [{"column": "weekly_cost", "op": "between", "values": ["0100.0", 3e2]},
		            {"column": "year_of_birth", "op": "in", "values": ["+1950", 1950, "01960"]},
		            {"column": "social_care.weekly_cost", "op": "lt", "values": [1e3]}],
		"cohort": {"dataset": "ae_attendances", "filters": [{"column": "alcohol_related", "op": "eq", "values": [true]}]}}`)
	keep := show(in)
	got, err := Validate(in, demoCatalogue(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := Query{
		Datasets: []string{"patients", "social_care"},
		Measures: []Measure{{Kind: CountPeople}, {Kind: Mean, Column: "social_care.weekly_cost"}},
		GroupBy:  []string{"patients.sex", "social_care.support_reason"},
		Filters: []Filter{
			{Column: "patients.year_of_birth", Op: In, Values: []Value{"1950", "1960"}},
			{Column: "social_care.weekly_cost", Op: Gte, Values: []Value{"100"}},
			{Column: "social_care.weekly_cost", Op: Lt, Values: []Value{"1000"}},
			{Column: "social_care.weekly_cost", Op: Lt, Values: []Value{"500"}},
		},
		Cohort: &Cohort{Dataset: "ae_attendances", Filters: []Filter{
			{Column: "ae_attendances.alcohol_related", Op: Eq, Values: []Value{"true"}},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Validate =\n%s\nwant\n%s", show(got), show(want))
	}
	if show(in) != keep {
		t.Errorf("Validate changed its argument:\n%s\nwas\n%s", show(in), keep)
	}
	again, err := Validate(got, demoCatalogue(t), Limits{})
	if err != nil || !reflect.DeepEqual(again, got) {
		t.Errorf("Validate of its own result = %s, %v", show(again), err)
	}

	cols := got.Columns()
	wantCols := map[string][]string{
		"patients":       {"sex", "year_of_birth"},
		"social_care":    {"support_reason", "weekly_cost"},
		"ae_attendances": {"alcohol_related"},
	}
	if !maps.EqualFunc(cols, wantCols, slices.Equal) {
		t.Errorf("Columns() = %v, want %v", cols, wantCols)
	}
}

// TestValidateFillsCountEvents fills in the dataset of count_events when
// the query has only one.
func TestValidateFillsCountEvents(t *testing.T) {
	t.Parallel()
	got := validated(t, decode(t, `{"datasets": ["gp_events"], "measures": [{"kind": "count_events"}]}`))
	if want := []Measure{{Kind: CountEvents, Dataset: "gp_events"}}; !slices.Equal(got.Measures, want) {
		t.Errorf("Measures = %+v, want %+v", got.Measures, want)
	}
}

// TestValidateCohortWindow compares a cohort's window by its column's
// type, though the cohort's dataset is not joined: 60 is below 119.
func TestValidateCohortWindow(t *testing.T) {
	t.Parallel()
	got := validated(t, decode(t, `{"datasets": ["patients"], "measures": [{"kind": "count_people"}],
		"cohort": {"dataset": "ae_attendances", "filters": [{"column": "wait_minutes", "op": "gte", "values": [90]}, {"column": "wait_minutes", "op": "lte", "values": [100]}]}}`))
	if want := []Filter{{Column: "ae_attendances.wait_minutes", Op: Between, Values: []Value{"60", "119"}}}; !reflect.DeepEqual(got.Cohort.Filters, want) {
		t.Errorf("cohort filters = %+v, want %+v", got.Cohort.Filters, want)
	}
}

func TestColumnsOfPeopleOnly(t *testing.T) {
	t.Parallel()
	q := validated(t, parsed(t, "SELECT COUNT(DISTINCT person) FROM patients JOIN gp_events USING (person) WHERE person IN (SELECT person FROM social_care)"))
	want := map[string][]string{"patients": {}, "gp_events": {}, "social_care": {}}
	if got := q.Columns(); !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Columns() = %v, want %v", got, want)
	}
	if b, _ := json.Marshal(q.Columns()); string(b) != `{"gp_events":[],"patients":[],"social_care":[]}` {
		t.Errorf("Columns() as JSON = %s: an unused dataset must map to an empty list", b)
	}
}

func TestValueJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Value
		bad  bool
	}{
		{`"F"`, "F", false},
		{`"2023-01-01"`, "2023-01-01", false},
		{`"\u00e9"`, "é", false},
		{`true`, "true", false},
		{`false`, "false", false},
		{`30.50`, "30.50", false},
		{`-7`, "-7", false},
		{`1e3`, "1e3", false},
		{` 12 `, "12", false},
		{`null`, "", true},
		{`[1]`, "", true},
		{`{"a": 1}`, "", true},
	}
	for _, tt := range tests {
		var v Value
		err := json.Unmarshal([]byte(tt.in), &v)
		if (err != nil) != tt.bad || v != tt.want {
			t.Errorf("Unmarshal(%s) = %q, %v", tt.in, v, err)
		}
	}
	var f Filter
	if err := json.Unmarshal([]byte(`{"column": "a.b", "op": "in", "values": ["9434765919", null]}`), &f); err == nil {
		t.Error("a null value was accepted")
	} else if want := "query: a filter value is null; filters take strings, numbers or booleans"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if b, _ := json.Marshal(Filter{Column: "a.b", Op: Eq, Values: []Value{"true"}}); string(b) != `{"column":"a.b","op":"eq","values":["true"]}` {
		t.Errorf("Marshal = %s: values are always strings", b)
	}
}
