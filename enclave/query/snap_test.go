package query

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
)

// clinicFile adds to the demo catalogue the coarsenings it does not use
// (weeks, quarters, years, bins of mixed widths) and columns it has none
// for.
const clinicFile = `dataset: clinic
version: 1
title: Clinic
sensitivity: standard
person: pid
disclosure: {threshold: 10, rounding: 5}
columns:
  - {name: pid, type: pseudonym, role: identifier}
  - {name: seen_week, type: date, role: dimension, granularity: week}
  - {name: seen_quarter, type: date, role: dimension, granularity: quarter}
  - {name: seen_year, type: date, role: dimension, granularity: year}
  - {name: seen, type: date, role: dimension}
  - {name: age, type: integer, role: quasi_identifier, bins: [0, 1, 2, 5, 18]}
  - {name: score, type: integer, role: measure}
  - {name: dose, type: number, role: measure}
  - {name: site, type: code, role: dimension}
  - {name: smoker, type: boolean, role: dimension}
`

var clinic = sync.OnceValues(func() (*catalogue.Catalogue, error) {
	files := fstest.MapFS{"clinic.yaml": {Data: []byte(clinicFile)}}
	names, _ := fs.Glob(democatalogue.FS, "*.yaml")
	for _, name := range names {
		data, _ := fs.ReadFile(democatalogue.FS, name)
		files[name] = &fstest.MapFile{Data: data}
	}
	return catalogue.Load(files)
})

func clinicCatalogue(t testing.TB) *catalogue.Catalogue {
	t.Helper()
	cat, err := clinic()
	if err != nil {
		t.Fatalf("load the clinic catalogue: %v", err)
	}
	return cat
}

// TestSnap: each filter, alone in a query, becomes the snapped filters
// listed, with the note listed ("" for none), or is refused with the
// problem listed.
func TestSnap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dataset, filter string
		want            []Filter
		note, problem   string
	}{
		// Dates by month.
		{"gp_events", `{"column": "event_date", "op": "between", "values": ["2023-01-05", "2023-03-17"]}`,
			[]Filter{{"gp_events.event_date", Between, []Value{"2023-01-01", "2023-03-31"}}},
			"filters[0]: gp_events.event_date between 2023-01-05 and 2023-03-17 snapped to whole months: 2023-01-01 to 2023-03-31", ""},
		{"gp_events", `{"column": "event_date", "op": "eq", "values": ["2024-02-14"]}`,
			[]Filter{{"gp_events.event_date", Between, []Value{"2024-02-01", "2024-02-29"}}},
			"filters[0]: gp_events.event_date eq 2024-02-14 snapped to whole months: 2024-02-01 to 2024-02-29", ""},
		{"gp_events", `{"column": "event_date", "op": "gt", "values": ["2023-01-31"]}`,
			[]Filter{{"gp_events.event_date", Gte, []Value{"2023-02-01"}}},
			"filters[0]: gp_events.event_date gt 2023-01-31 snapped to whole months: from 2023-02-01", ""},
		{"gp_events", `{"column": "event_date", "op": "gt", "values": ["2023-01-30"]}`,
			[]Filter{{"gp_events.event_date", Gte, []Value{"2023-01-01"}}},
			"filters[0]: gp_events.event_date gt 2023-01-30 snapped to whole months: from 2023-01-01", ""},
		{"gp_events", `{"column": "event_date", "op": "lt", "values": ["2023-02-01"]}`,
			[]Filter{{"gp_events.event_date", Lte, []Value{"2023-01-31"}}},
			"filters[0]: gp_events.event_date lt 2023-02-01 snapped to whole months: to 2023-01-31", ""},
		{"gp_events", `{"column": "event_date", "op": "lt", "values": ["2023-02-02"]}`,
			[]Filter{{"gp_events.event_date", Lte, []Value{"2023-02-28"}}},
			"filters[0]: gp_events.event_date lt 2023-02-02 snapped to whole months: to 2023-02-28", ""},
		{"gp_events", `{"column": "event_date", "op": "lte", "values": ["2023-01-31"]}`,
			[]Filter{{"gp_events.event_date", Lte, []Value{"2023-01-31"}}}, "", ""},
		{"gp_events", `{"column": "event_date", "op": "between", "values": ["2023-01-01", "2023-12-31"]}`,
			[]Filter{{"gp_events.event_date", Between, []Value{"2023-01-01", "2023-12-31"}}}, "", ""},
		{"gp_events", `{"column": "event_date", "op": "in", "values": ["2023-01-01", "2023-02-01"]}`, nil, "",
			"filters[0].op: column gp_events.event_date: in cannot pick dates of a column grouped by month: use eq for one month, or between for several"},

		// Weeks (ISO), quarters, years.
		{"clinic", `{"column": "seen_week", "op": "between", "values": ["2021-01-03", "2021-01-04"]}`,
			[]Filter{{"clinic.seen_week", Between, []Value{"2020-12-28", "2021-01-10"}}},
			"filters[0]: clinic.seen_week between 2021-01-03 and 2021-01-04 snapped to whole weeks: 2020-12-28 to 2021-01-10", ""},
		{"clinic", `{"column": "seen_quarter", "op": "eq", "values": ["2023-05-20"]}`,
			[]Filter{{"clinic.seen_quarter", Between, []Value{"2023-04-01", "2023-06-30"}}},
			"filters[0]: clinic.seen_quarter eq 2023-05-20 snapped to whole quarters: 2023-04-01 to 2023-06-30", ""},
		{"clinic", `{"column": "seen_year", "op": "gte", "values": ["2023-07-04"]}`,
			[]Filter{{"clinic.seen_year", Gte, []Value{"2023-01-01"}}},
			"filters[0]: clinic.seen_year gte 2023-07-04 snapped to whole years: from 2023-01-01", ""},
		{"clinic", `{"column": "seen_year", "op": "lt", "values": ["0000-01-01"]}`, nil, "",
			"filters[0].values: column clinic.seen_year: widened to whole years, the range reaches outside the years 0000 to 9999"},
		{"clinic", `{"column": "seen_week", "op": "gte", "values": ["0000-01-01"]}`, nil, "",
			"filters[0].values: column clinic.seen_week: widened to whole weeks, the range reaches outside the years 0000 to 9999"},
		{"clinic", `{"column": "seen_year", "op": "gt", "values": ["9999-12-31"]}`, nil, "",
			"filters[0].values: column clinic.seen_year: widened to whole years, the range reaches outside the years 0000 to 9999"},
		{"clinic", `{"column": "seen_week", "op": "gt", "values": ["9999-12-31"]}`,
			[]Filter{{"clinic.seen_week", Gte, []Value{"9999-12-27"}}},
			"filters[0]: clinic.seen_week gt 9999-12-31 snapped to whole weeks: from 9999-12-27", ""},

		// Integers in bins.
		{"ae_attendances", `{"column": "wait_minutes", "op": "between", "values": [100, 200]}`,
			[]Filter{{"ae_attendances.wait_minutes", Between, []Value{"60", "239"}}},
			"filters[0]: ae_attendances.wait_minutes between 100 and 200 snapped to whole bins: 60 to 239", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "gt", "values": [59]}`,
			[]Filter{{"ae_attendances.wait_minutes", Gte, []Value{"60"}}},
			"filters[0]: ae_attendances.wait_minutes gt 59 snapped to whole bins: from 60", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "gte", "values": [60]}`,
			[]Filter{{"ae_attendances.wait_minutes", Gte, []Value{"60"}}}, "", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "lt", "values": [120]}`,
			[]Filter{{"ae_attendances.wait_minutes", Lte, []Value{"119"}}},
			"filters[0]: ae_attendances.wait_minutes lt 120 snapped to whole bins: to 119", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "lte", "values": [30]}`,
			[]Filter{{"ae_attendances.wait_minutes", Lte, []Value{"59"}}},
			"filters[0]: ae_attendances.wait_minutes lte 30 snapped to whole bins: to 59", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "lt", "values": [720]}`,
			[]Filter{{"ae_attendances.wait_minutes", Lte, []Value{"719"}}},
			"filters[0]: ae_attendances.wait_minutes lt 720 snapped to whole bins: to 719", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "gt", "values": [720]}`,
			[]Filter{{"ae_attendances.wait_minutes", Gte, []Value{"720"}}},
			"filters[0]: ae_attendances.wait_minutes gt 720 snapped to whole bins: from 720", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "gt", "values": [9223372036854775807]}`,
			[]Filter{{"ae_attendances.wait_minutes", Gte, []Value{"720"}}},
			"filters[0]: ae_attendances.wait_minutes gt 9223372036854775807 snapped to whole bins: from 720", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "lt", "values": [-9223372036854775808]}`,
			[]Filter{{"ae_attendances.wait_minutes", Lte, []Value{"59"}}},
			"filters[0]: ae_attendances.wait_minutes lt -9223372036854775808 snapped to whole bins: to 59", ""},
		{"ae_attendances", `{"column": "wait_minutes", "op": "gte", "values": [30]}`, nil, "",
			"filters[0].values: column ae_attendances.wait_minutes: a lower bound below the first edge, 60, cannot be widened to a whole bin: leave the lower bound out"},
		{"ae_attendances", `{"column": "wait_minutes", "op": "lte", "values": [720]}`, nil, "",
			"filters[0].values: column ae_attendances.wait_minutes: an upper bound at or above the last edge, 720, cannot be widened to a whole bin: leave the upper bound out"},
		{"ae_attendances", `{"column": "wait_minutes", "op": "eq", "values": [60]}`, nil, "",
			"filters[0].values[0]: column ae_attendances.wait_minutes: eq takes only values that are a bin by themselves, and this value's bin holds more (edges 60, 120, 240, 480 and 720): use a range on whole bins"},
		{"patients", `{"column": "year_of_birth", "op": "eq", "values": [1971]}`,
			[]Filter{{"patients.year_of_birth", Eq, []Value{"1971"}}}, "", ""},
		{"patients", `{"column": "year_of_birth", "op": "in", "values": [1950, 1899, 2030]}`, nil, "",
			"filters[0].values[1]: column patients.year_of_birth: in takes only values that are a bin by themselves, and this value's bin holds more (edges from 1900 to 2030 every 1): use a range on whole bins\n" +
				"filters[0].values[2]: column patients.year_of_birth: in takes only values that are a bin by themselves, and this value's bin holds more (edges from 1900 to 2030 every 1): use a range on whole bins"},
		{"patients", `{"column": "year_of_birth", "op": "between", "values": [1971, 1980]}`,
			[]Filter{{"patients.year_of_birth", Between, []Value{"1971", "1980"}}}, "", ""},
		{"clinic", `{"column": "age", "op": "in", "values": [0, 1]}`,
			[]Filter{{"clinic.age", In, []Value{"0", "1"}}}, "", ""},
		{"clinic", `{"column": "age", "op": "eq", "values": [3]}`, nil, "",
			"filters[0].values[0]: column clinic.age: eq takes only values that are a bin by themselves, and this value's bin holds more (edges 0, 1, 2, 5 and 18): use a range on whole bins"},
		{"clinic", `{"column": "age", "op": "between", "values": [1, 3]}`,
			[]Filter{{"clinic.age", Between, []Value{"1", "4"}}},
			"filters[0]: clinic.age between 1 and 3 snapped to whole bins: 1 to 4", ""},

		// Numbers in bins.
		{"gp_events", `{"column": "egfr", "op": "between", "values": [20, 40]}`,
			[]Filter{{"gp_events.egfr", Gte, []Value{"15"}}, {"gp_events.egfr", Lt, []Value{"45"}}},
			"filters[0]: gp_events.egfr between 20 and 40 snapped to whole bins: from 15 to below 45", ""},
		{"gp_events", `{"column": "egfr", "op": "gt", "values": [15]}`,
			[]Filter{{"gp_events.egfr", Gte, []Value{"15"}}},
			"filters[0]: gp_events.egfr gt 15 snapped to whole bins: from 15", ""},
		{"gp_events", `{"column": "egfr", "op": "gte", "values": [15]}`,
			[]Filter{{"gp_events.egfr", Gte, []Value{"15"}}}, "", ""},
		{"gp_events", `{"column": "egfr", "op": "lte", "values": [45]}`,
			[]Filter{{"gp_events.egfr", Lt, []Value{"60"}}},
			"filters[0]: gp_events.egfr lte 45 snapped to whole bins: below 60", ""},
		{"gp_events", `{"column": "egfr", "op": "lt", "values": [45]}`,
			[]Filter{{"gp_events.egfr", Lt, []Value{"45"}}}, "", ""},
		{"gp_events", `{"column": "egfr", "op": "lt", "values": [44.9]}`,
			[]Filter{{"gp_events.egfr", Lt, []Value{"45"}}},
			"filters[0]: gp_events.egfr lt 44.9 snapped to whole bins: below 45", ""},
		{"gp_events", `{"column": "bmi", "op": "lt", "values": [-0.0]}`,
			[]Filter{{"gp_events.bmi", Lt, []Value{"18.5"}}},
			"filters[0]: gp_events.bmi lt 0 snapped to whole bins: below 18.5", ""},
		{"gp_events", `{"column": "egfr", "op": "lt", "values": [90]}`,
			[]Filter{{"gp_events.egfr", Lt, []Value{"90"}}}, "", ""},
		{"gp_events", `{"column": "egfr", "op": "lte", "values": [90]}`, nil, "",
			"filters[0].values: column gp_events.egfr: an upper bound at or above the last edge, 90, cannot be widened to a whole bin: leave the upper bound out"},
		{"gp_events", `{"column": "egfr", "op": "lt", "values": [90.1]}`, nil, "",
			"filters[0].values: column gp_events.egfr: an upper bound at or above the last edge, 90, cannot be widened to a whole bin: leave the upper bound out"},
		{"gp_events", `{"column": "egfr", "op": "gte", "values": [14.99]}`, nil, "",
			"filters[0].values: column gp_events.egfr: a lower bound below the first edge, 15, cannot be widened to a whole bin: leave the lower bound out"},
		{"gp_events", `{"column": "egfr", "op": "eq", "values": [30]}`, nil, "",
			"filters[0].op: column gp_events.egfr: eq cannot pick values of a number column grouped in bins (edges 15, 30, 45, 60 and 90): use a range on whole bins, such as gte and lt"},

		// No coarsening: no filter at all.
		{"clinic", `{"column": "score", "op": "eq", "values": [3]}`, nil, "",
			"filters[0].column: column clinic.score (integer) has no bins in the catalogue, so it cannot be filtered on: the catalogue would have to declare bins for it"},
		{"clinic", `{"column": "dose", "op": "lt", "values": [3]}`, nil, "",
			"filters[0].column: column clinic.dose (number) has no bins in the catalogue, so it cannot be filtered on: the catalogue would have to declare bins for it"},
		{"clinic", `{"column": "seen", "op": "between", "values": ["2023-01-01", "2023-12-31"]}`, nil, "",
			"filters[0].column: column clinic.seen (date) has no granularity in the catalogue, so it cannot be filtered on: the catalogue would have to declare a granularity for it (week, month, quarter or year)"},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			t.Parallel()
			q := decode(t, `{"datasets": ["`+tt.dataset+`"], "measures": [{"kind": "count_people"}], "filters": [`+tt.filter+`]}`)
			got, notes, err := Check(q, clinicCatalogue(t), Limits{})
			if tt.problem != "" {
				var e *Error
				if !errors.As(err, &e) || err.Error() != tt.problem {
					t.Fatalf("Check error =\n%v\nwant\n%s", err, tt.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Filters, tt.want) {
				t.Errorf("filters = %+v, want %+v", got.Filters, tt.want)
			}
			var note string
			if len(notes) > 0 {
				note = notes[0].Field + ": " + notes[0].Message
			}
			if len(notes) > 1 || note != tt.note {
				t.Errorf("notes = %+v, want %q", notes, tt.note)
			}
		})
	}
}

// TestGroupByCoarsenings: a column is grouped only by what the catalogue
// declares for it, and the refusal says what that would have to be.
func TestGroupByCoarsenings(t *testing.T) {
	t.Parallel()
	q := decode(t, `{"datasets": ["clinic"], "measures": [{"kind": "count_people"}],
		"group_by": ["seen_week", "age", "site", "smoker"]}`)
	if _, err := Validate(q, clinicCatalogue(t), Limits{}); err != nil {
		t.Errorf("grouping by a week, bins, an open code and a boolean: %v", err)
	}
	q = decode(t, `{"datasets": ["clinic", "gp_events"], "measures": [{"kind": "count_people"}],
		"group_by": ["score", "dose", "seen", "egfr", "event_date"]}`)
	_, err := Validate(q, clinicCatalogue(t), Limits{MaxGroupBy: 5})
	want := strings.Join([]string{
		"group_by[0]: column clinic.score (integer) has no bins in the catalogue, so it cannot be grouped by: the catalogue would have to declare bins for it",
		"group_by[1]: column clinic.dose (number) has no bins in the catalogue, so it cannot be grouped by: the catalogue would have to declare bins for it",
		"group_by[2]: column clinic.seen (date) has no granularity in the catalogue, so it cannot be grouped by: the catalogue would have to declare a granularity for it (week, month, quarter or year)",
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("Validate error =\n%v\nwant\n%s", err, want)
	}
}
