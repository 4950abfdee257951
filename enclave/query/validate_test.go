package query

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestValidateRules breaks the rules one case at a time, against the demo
// catalogue, and expects exactly the problems listed.
func TestValidateRules(t *testing.T) {
	t.Parallel()
	const people = `"measures": [{"kind": "count_people"}]`
	tests := []struct {
		name, body string
		limits     Limits
		want       []string
	}{
		// Datasets.
		{"no dataset", `{` + people + `}`, Limits{}, []string{"datasets: name at least one dataset"}},
		{"unknown dataset", `{"datasets": ["patients", "hospital_episodes"], ` + people + `}`, Limits{},
			[]string{"datasets[1]: no dataset hospital_episodes in the catalogue"}},
		{"a name that is not a name", `{"datasets": ["9434765919"], ` + people + `}`, Limits{},
			[]string{"datasets[0]: not a dataset name: dataset names are lowercase letters, digits and _"}},
		{"dataset twice", `{"datasets": ["patients", "gp_events", "patients"], ` + people + `}`, Limits{},
			[]string{"datasets[2]: already listed at datasets[0]"}},
		{"unsafe name twice", `{"datasets": ["9434765919", "9434765919"], ` + people + `}`, Limits{},
			[]string{"datasets[0]: not a dataset name: dataset names are lowercase letters, digits and _", "datasets[1]: already listed at datasets[0]"}},
		{"empty dataset name", `{"datasets": [""], ` + people + `}`, Limits{}, []string{"datasets[0]: name a dataset"}},

		// Measures.
		{"no measure", `{"datasets": ["patients"]}`, Limits{}, []string{"measures: ask for at least one measure"}},
		{"kind missing", `{"datasets": ["patients"], "measures": [{}]}`, Limits{},
			[]string{"measures[0].kind: is required: one of count_people, count_events, sum, mean, percentile"}},
		{"kind unknown", `{"datasets": ["patients"], "measures": [{"kind": "max"}]}`, Limits{},
			[]string{"measures[0].kind: must be one of count_people, count_events, sum, mean, percentile"}},
		{"count_people with extras", `{"datasets": ["patients"], "measures": [{"kind": "count_people", "column": "sex", "dataset": "patients", "p": 0.5}]}`, Limits{},
			[]string{"measures[0].column: count_people takes no column", "measures[0].dataset: count_people takes no dataset", "measures[0].p: count_people takes no p"}},
		{"count_events ambiguous", `{"datasets": ["patients", "gp_events"], "measures": [{"kind": "count_events"}]}`, Limits{},
			[]string{"measures[0].dataset: say whose rows count_events counts: one of patients, gp_events"}},
		{"count_events elsewhere", `{"datasets": ["patients"], "measures": [{"kind": "count_events", "dataset": "gp_events"}]}`, Limits{},
			[]string{"measures[0].dataset: dataset gp_events is not one of the query's datasets (patients)"}},
		{"count_events with a column", `{"datasets": ["gp_events"], "measures": [{"kind": "count_events", "column": "bmi"}]}`, Limits{},
			[]string{"measures[0].column: count_events takes no column"}},
		{"sum of a dimension", `{"datasets": ["ae_attendances"], "measures": [{"kind": "sum", "column": "alcohol_related"}]}`, Limits{},
			[]string{"measures[0].column: column ae_attendances.alcohol_related is dimension, not a measure: sum takes an integer or number column with role measure"}},
		{"mean of a quasi-identifier", `{"datasets": ["patients"], "measures": [{"kind": "mean", "column": "year_of_birth"}]}`, Limits{},
			[]string{"measures[0].column: column patients.year_of_birth is quasi_identifier, not a measure: mean takes an integer or number column with role measure"}},
		{"sum of the person", `{"datasets": ["patients"], "measures": [{"kind": "sum", "column": "pid"}]}`, Limits{},
			[]string{"measures[0].column: column patients.pid is identifier, not a measure: sum takes an integer or number column with role measure"}},
		{"sum without a column", `{"datasets": ["patients"], "measures": [{"kind": "sum", "dataset": "patients"}]}`, Limits{},
			[]string{"measures[0].dataset: sum takes no dataset", "measures[0].column: sum needs a measure column"}},
		{"mean with p", `{"datasets": ["gp_events"], "measures": [{"kind": "mean", "column": "bmi", "p": 0.5}]}`, Limits{},
			[]string{"measures[0].p: mean takes no p"}},
		{"percentile without p", `{"datasets": ["gp_events"], "measures": [{"kind": "percentile", "column": "bmi"}]}`, Limits{},
			[]string{"measures[0].p: must be a fraction between 0 and 1, such as 0.5 for the median"}},
		{"percentile of 1", `{"datasets": ["gp_events"], "measures": [{"kind": "percentile", "column": "bmi", "p": 1}]}`, Limits{},
			[]string{"measures[0].p: must be a fraction between 0 and 1, such as 0.5 for the median"}},
		{"measure of another dataset", `{"datasets": ["patients"], "measures": [{"kind": "sum", "column": "gp_events.bmi"}]}`, Limits{},
			[]string{"measures[0].column: dataset gp_events is not one of the datasets here (patients)"}},

		// Columns.
		{"unknown column", `{"datasets": ["patients"], ` + people + `, "group_by": ["gender"]}`, Limits{},
			[]string{"group_by[0]: no column gender in patients"}},
		{"unknown qualified column", `{"datasets": ["patients"], ` + people + `, "group_by": ["patients.gender"]}`, Limits{},
			[]string{"group_by[0]: dataset patients has no column gender"}},
		{"ambiguous column", `{"datasets": ["patients", "gp_events"], ` + people + `, "filters": [{"column": "pid", "op": "eq", "values": ["x"]}]}`, Limits{},
			[]string{"filters[0].column: column pid is in more than one dataset (patients, gp_events): write dataset.column"}},
		{"not a column name", `{"datasets": ["patients"], ` + people + `, "group_by": ["Sex; DROP TABLE"]}`, Limits{},
			[]string{"group_by[0]: not a column name: write dataset.column, in lowercase letters, digits and _"}},
		{"three parts", `{"datasets": ["patients"], ` + people + `, "group_by": ["public.patients.sex"]}`, Limits{},
			[]string{"group_by[0]: not a column name: write dataset.column, in lowercase letters, digits and _"}},

		// Group by.
		{"group by never_output", `{"datasets": ["ae_attendances"], ` + people + `, "group_by": ["age_band", "ae_attendances.free_text"]}`, Limits{},
			[]string{"group_by[1]: column ae_attendances.free_text is never_output and cannot be grouped by"}},
		{"group by the person", `{"datasets": ["patients"], ` + people + `, "group_by": ["pid"]}`, Limits{},
			[]string{"group_by[0]: column patients.pid is identifier and cannot be grouped by"}},
		{"group by twice", `{"datasets": ["patients"], ` + people + `, "group_by": ["sex", "patients.sex"]}`, Limits{},
			[]string{"group_by[1]: column patients.sex is already at group_by[0]"}},
		{"too many group-by columns", `{"datasets": ["patients"], ` + people + `, "group_by": ["sex", "deprivation_decile", "ethnicity_group"]}`,
			Limits{MaxGroupBy: 2}, []string{"group_by: at most 2 columns, not 3"}},
		{"too many cells", `{"datasets": ["patients", "ae_attendances"], ` + people + `, "group_by": ["sex", "deprivation_decile", "ethnicity_group", "age_band"]}`,
			Limits{MaxCells: 7314}, []string{"group_by: the breakdown has more than 7314 cells: group by fewer columns, or filter them to fewer values"}},
		{"too many cells with totals", `{"datasets": ["patients"], ` + people + `, "group_by": ["sex", "deprivation_decile"], "totals": true}`,
			Limits{MaxCells: 71}, []string{"group_by: the breakdown has more than 71 cells: group by fewer columns, or filter them to fewer values"}},
		{"open column with totals", `{"datasets": ["patients"], ` + people + `, "group_by": ["sex", "lsoa_code"], "totals": true}`, Limits{},
			[]string{"group_by: with totals, patients.lsoa_code must be narrowed to a known number of values: list them with in (a code) or give a window with between (a date)"}},
		{"open months with totals", `{"datasets": ["gp_events"], ` + people + `, "group_by": ["event_date"], "totals": true,
			"filters": [{"column": "event_date", "op": "gte", "values": ["2023-01-01"]}]}`, Limits{},
			[]string{"group_by: with totals, gp_events.event_date must be narrowed to a known number of values: list them with in (a code) or give a window with between (a date)"}},
		{"too many months", `{"datasets": ["gp_events"], ` + people + `, "group_by": ["event_date", "obese"],
			"filters": [{"column": "event_date", "op": "between", "values": ["2023-01-01", "2023-12-31"]}]}`,
			Limits{MaxCells: 35}, []string{"group_by: the breakdown has more than 35 cells: group by fewer columns, or filter them to fewer values"}},

		// Filters.
		{"filter on never_output", `{"datasets": ["gp_events"], ` + people + `, "filters": [{"column": "practice_code", "op": "eq", "values": ["B86001"]}]}`, Limits{},
			[]string{"filters[0].column: column gp_events.practice_code is never_output and cannot be filtered on"}},
		{"filter on the person", `{"datasets": ["gp_events"], ` + people + `, "filters": [{"column": "gp_events.pid", "op": "in", "values": ["p1.00"]}]}`, Limits{},
			[]string{"filters[0].column: column gp_events.pid is identifier and cannot be filtered on"}},
		{"unknown op", `{"datasets": ["patients"], ` + people + `, "filters": [{"column": "sex", "op": "ne", "values": ["F"]}]}`, Limits{},
			[]string{"filters[0].op: must be one of eq, in, between, gt, gte, lt, lte"}},
		{"range on a code", `{"datasets": ["patients"], ` + people + `, "filters": [{"column": "deprivation_decile", "op": "lte", "values": ["3"]}]}`, Limits{},
			[]string{"filters[0].op: lte compares by order, and column patients.deprivation_decile (code) has none: use eq or in"}},
		{"range on a boolean", `{"datasets": ["gp_events"], ` + people + `, "filters": [{"column": "obese", "op": "gt", "values": [false]}]}`, Limits{},
			[]string{"filters[0].op: gt compares by order, and column gp_events.obese (boolean) has none: use eq or in"}},
		{"eq of two", `{"datasets": ["patients"], ` + people + `, "filters": [{"column": "sex", "op": "eq", "values": ["F", "M"]}]}`, Limits{},
			[]string{"filters[0].values: eq takes one value"}},
		{"in of none", `{"datasets": ["patients"], ` + people + `, "filters": [{"column": "sex", "op": "in", "values": []}]}`, Limits{},
			[]string{"filters[0].values: in takes one value or more"}},
		{"between of one", `{"datasets": ["patients"], ` + people + `, "filters": [{"column": "year_of_birth", "op": "between", "values": [1990]}]}`, Limits{},
			[]string{"filters[0].values: between takes two values, low and high"}},
		{"between upside down", `{"datasets": ["patients"], ` + people + `, "filters": [{"column": "year_of_birth", "op": "between", "values": [2000, 999]}]}`, Limits{},
			[]string{"filters[0].values: the low value is above the high value"}},
		{"date window upside down", `{"datasets": ["gp_events"], ` + people + `, "filters": [{"column": "event_date", "op": "between", "values": ["2024-01-01", "2023-01-01"]}]}`, Limits{},
			[]string{"filters[0].values: the low value is above the high value"}},
		{"window upside down in two filters", `{"datasets": ["gp_events"], ` + people + `, "filters": [{"column": "bmi", "op": "lte", "values": [25]},
			{"column": "bmi", "op": "gte", "values": [30]}],
			"cohort": {"dataset": "gp_events", "filters": [{"column": "event_date", "op": "gte", "values": ["2024-01-01"]}, {"column": "event_date", "op": "lte", "values": ["2023-01-01"]}]}}`, Limits{},
			[]string{"filters: column gp_events.bmi has a gte at or above its lt: no row can match",
				"cohort.filters: column gp_events.event_date has a gte above its lte: no row can match"}},
		{"values refused, never repeated", `{"datasets": ["patients", "ae_attendances"], ` + people + `, "filters": [
			{"column": "sex", "op": "in", "values": ["F", "9434765919"]},
			{"column": "lsoa_code", "op": "eq", "values": ["LS1 4AP"]},
			{"column": "year_of_birth", "op": "gte", "values": ["1985-03-14"]},
			{"column": "arrival_date", "op": "lt", "values": ["14/03/1985"]},
			{"column": "alcohol_related", "op": "eq", "values": ["yes"]},
			{"column": "diagnosis_code", "op": "eq", "values": [""]}]}`, Limits{},
			[]string{
				"filters[0].values[1]: column sex: value is not one of the column's declared values",
				"filters[1].values[0]: column lsoa_code: value does not match the column's pattern",
				"filters[2].values[0]: column year_of_birth: value is not a whole number",
				"filters[3].values[0]: column arrival_date: value is not a calendar date in the form YYYY-MM-DD",
				"filters[4].values[0]: column alcohol_related: value is not true or false",
				"filters[5].values[0]: column diagnosis_code: value is empty",
			}},

		// The cohort.
		{"cohort dataset unknown", `{"datasets": ["patients"], ` + people + `, "cohort": {"dataset": "gp_event"}}`, Limits{},
			[]string{"cohort.dataset: no dataset gp_event in the catalogue"}},
		{"cohort filter elsewhere", `{"datasets": ["patients"], ` + people + `, "cohort": {"dataset": "gp_events", "filters": [{"column": "sex", "op": "eq", "values": ["F"]}]}}`, Limits{},
			[]string{"cohort.filters[0].column: no column sex in gp_events"}},
		{"cohort filter qualified elsewhere", `{"datasets": ["patients"], ` + people + `, "cohort": {"dataset": "gp_events", "filters": [{"column": "patients.sex", "op": "eq", "values": ["F"]}]}}`, Limits{},
			[]string{"cohort.filters[0].column: dataset patients is not one of the datasets here (gp_events)"}},
		{"cohort filter never_output", `{"datasets": ["patients"], ` + people + `, "cohort": {"dataset": "gp_events", "filters": [{"column": "practice_code", "op": "in", "values": ["B86001"]}]}}`, Limits{},
			[]string{"cohort.filters[0].column: column gp_events.practice_code is never_output and cannot be filtered on"}},

		// Several at once, in field order.
		{"every problem", `{"datasets": ["patients", "nope"], "measures": [{"kind": "sum", "column": "sex"}], "group_by": ["pid"]}`, Limits{},
			[]string{"datasets[1]: no dataset nope in the catalogue",
				"measures[0].column: column patients.sex is quasi_identifier, not a measure: sum takes an integer or number column with role measure",
				"group_by[0]: column patients.pid is identifier and cannot be grouped by"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Validate(decode(t, tt.body), demoCatalogue(t), tt.limits)
			var ve *Error
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want an *Error", err)
			}
			var got []string
			for _, p := range ve.Problems {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if err.Error() != strings.Join(tt.want, "\n") {
				t.Errorf("Error() = %q", err)
			}
			for _, secret := range []string{"9434765919", "LS1 4AP", "1985-03-14", "14/03/1985", "B86001"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error repeats a value: %v", err)
				}
			}
		})
	}
}

// TestValidateCells checks the cell estimate at its limit: each case is
// accepted with MaxCells at its estimate and refused one below.
func TestValidateCells(t *testing.T) {
	t.Parallel()
	const people = `"measures": [{"kind": "count_people"}]`
	tests := []struct {
		name, body string
		cells      int
	}{
		{"declared values", `{"datasets": ["patients", "ae_attendances"], ` + people + `,
			"group_by": ["sex", "deprivation_decile", "ethnicity_group", "age_band"]}`, 5 * 11 * 7 * 19}, // each with the missing value
		{"with totals", `{"datasets": ["patients"], ` + people + `, "group_by": ["sex", "deprivation_decile"], "totals": true}`, 6 * 12},
		{"boolean", `{"datasets": ["gp_events"], ` + people + `, "group_by": ["obese", "ckd_stage"]}`, 3 * 7},
		{"narrowed by filters", `{"datasets": ["patients"], ` + people + `, "group_by": ["sex", "ethnicity_group", "deprivation_decile"],
			"filters": [{"column": "sex", "op": "in", "values": ["F", "M"]}, {"column": "ethnicity_group", "op": "eq", "values": ["white"]},
			            {"column": "deprivation_decile", "op": "in", "values": ["1", "2", "3", "1"]}]}`, 2 * 1 * 3},
		{"integer window", `{"datasets": ["patients"], ` + people + `, "group_by": ["year_of_birth", "sex"],
			"filters": [{"column": "year_of_birth", "op": "between", "values": [2008, 2019]}]}`, 12 * 5},
		{"bins", `{"datasets": ["gp_events"], ` + people + `, "group_by": ["egfr", "bmi"]}`, 7 * 7},
		{"bins narrowed by a range", `{"datasets": ["gp_events"], ` + people + `, "group_by": ["egfr", "bmi"],
			"filters": [{"column": "egfr", "op": "between", "values": [30, 59]}, {"column": "bmi", "op": "lt", "values": [25]}]}`, 2 * 2},
		{"bins picked", `{"datasets": ["patients"], ` + people + `, "group_by": ["year_of_birth"],
			"filters": [{"column": "year_of_birth", "op": "in", "values": [1950, 1960, 1970]}]}`, 3},
		{"date window", `{"datasets": ["gp_events"], ` + people + `, "group_by": ["event_date"],
			"filters": [{"column": "event_date", "op": "between", "values": ["2024-01-01", "2024-12-31"]}]}`, 12},
		{"date window snapped", `{"datasets": ["gp_events"], ` + people + `, "group_by": ["event_date"],
			"filters": [{"column": "event_date", "op": "between", "values": ["2024-01-31", "2024-03-01"]}]}`, 3},
		{"date window in two filters", `{"datasets": ["gp_events"], ` + people + `, "group_by": ["event_date", "obese"],
			"filters": [{"column": "event_date", "op": "gte", "values": ["2023-01-01"]}, {"column": "event_date", "op": "lte", "values": ["2023-03-31"]}]}`, 3 * 3},
		{"unbounded columns count as one", `{"datasets": ["patients", "gp_events"], ` + people + `, "group_by": ["lsoa_code", "event_date", "sex"]}`, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := decode(t, tt.body)
			if _, err := Validate(q, demoCatalogue(t), Limits{MaxCells: tt.cells}); err != nil {
				t.Errorf("MaxCells %d: %v", tt.cells, err)
			}
			if _, err := Validate(q, demoCatalogue(t), Limits{MaxCells: tt.cells - 1}); err == nil {
				t.Errorf("MaxCells %d: accepted", tt.cells-1)
			}
		})
	}
}
