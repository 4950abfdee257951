package mapping

import (
	"strconv"
	"strings"
	"testing"
)

// agesMapping bands an age in whole years. Keep its line numbers stable:
// the tests name them.
const agesMapping = `mapping: test_ages
version: 1
dataset: visits
absent: [week, area, bmi, smoker, note]
columns:
  - {source: id, identifier: {type: nhs}}
  - source: age
    target: age_group
    age: {bands: [0, 18, 65]}
  - {source: visits, target: visits}
`

// TestAgeRules breaks one rule of an age column per case.
func TestAgeRules(t *testing.T) {
	t.Parallel()
	const f = "m.yaml:"
	runRuleCases(t, agesMapping, nil, []ruleCase{
		{name: "valid"},
		{name: "optional", old: "target: age_group", new: "target: age_group\n    optional: true"},
		{name: "into an integer", old: "target: visits}", new: "target: visits, age: {bands: [0, 18]}}",
			want: []string{f + "10: columns[2].age: an age becomes an age band: target column visits must have type code or text, not integer"}},
		{name: "not a mapping", old: "age: {bands: [0, 18, 65]}", new: "age: [0, 18, 65]",
			want: []string{f + "9: columns[1].age: must be a mapping of keys to values"}},
		{name: "bands missing", old: "age: {bands: [0, 18, 65]}", new: "age: {}",
			want: []string{f + "9: columns[1].age.bands: is required"}},
		{name: "unknown key", old: "age: {bands: [0, 18, 65]}", new: "age: {bands: [0, 18, 65], at: seen}",
			want: []string{f + `9: columns[1].age: unknown key "at"`}},
		{name: "one band", old: "bands: [0, 18, 65]", new: "bands: [0]",
			want: []string{f + "9: columns[1].age.bands: must list at least two lower bounds, the first 0, such as [0, 18, 65]"}},
		{name: "bands not from 0", old: "bands: [0, 18, 65]", new: "bands: [5, 18, 65]",
			want: []string{f + "9: columns[1].age.bands[0]: the first band must start at 0"}},
		{name: "bands not rising", old: "bands: [0, 18, 65]", new: "bands: [0, 18, 18]",
			want: []string{f + "9: columns[1].age.bands[2]: must be greater than the bound before it"}},
		{name: "band not a number", old: "bands: [0, 18, 65]", new: "bands: [0, eighteen, 65]",
			want: []string{f + "9: columns[1].age.bands[1]: must be a whole number"}},
		{name: "band past the oldest age", old: "bands: [0, 18, 65]", new: "bands: [0, 18, 131]",
			want: []string{f + "9: columns[1].age.bands[2]: must be at most 130"}},
		{name: "band not a value", old: "bands: [0, 18, 65]", new: "bands: [0, 16, 65]",
			want: []string{f + `9: columns[1].age.bands: band "0-15" is not allowed by column age_group: value is not one of the allowed values`,
				f + `9: columns[1].age.bands: band "16-64" is not allowed by column age_group: value is not one of the allowed values`}},
		{name: "age and date", old: "    age: {bands", new: "    date: {layout: \"2006-01-02\", coarsen: age_band}\n    age: {bands",
			want: []string{f + "9: columns[1].date: an age column takes no date"}},
		{name: "age and recode", old: "    age: {bands", new: "    recode: {unknown: \"\"}\n    age: {bands",
			want: []string{f + "9: columns[1].recode: an age column takes no recode"}},
		{name: "age and values", old: "    age: {bands", new: "    values: [\"65+\"]\n    age: {bands",
			want: []string{f + "9: columns[1].values: an age column takes no values"}},
	})
}

// TestTransformAges bands ages in whole years as dates of birth are
// banded, and refuses ages no person has.
func TestTransformAges(t *testing.T) {
	t.Parallel()
	const header = "visits|age|id"
	const msg = "nhs:9434765919"
	runTransformCases(t, mustLoad(t, "m.yaml", agesMapping), header, []transformCase{
		{name: "newborn", record: "1|0|9434765919", msg: msg, values: []any{nil, nil, "0-17", nil, int64(1), nil, nil}},
		{name: "last year of a band", record: "1|17|9434765919", msg: msg, values: []any{nil, nil, "0-17", nil, int64(1), nil, nil}},
		{name: "first year of a band", record: "1|18|9434765919", msg: msg, values: []any{nil, nil, "18-64", nil, int64(1), nil, nil}},
		{name: "trimmed, leading zero", record: "1| 064\t|9434765919", msg: msg, values: []any{nil, nil, "18-64", nil, int64(1), nil, nil}},
		{name: "open band", record: "1|65|9434765919", msg: msg, values: []any{nil, nil, "65+", nil, int64(1), nil, nil}},
		{name: "oldest age", record: "1|130|9434765919", msg: msg, values: []any{nil, nil, "65+", nil, int64(1), nil, nil}},

		{name: "negative", record: "1|-1|9434765919", reject: Reject{Column: "age", Reason: ReasonAgeNegative}},
		{name: "implausible", record: "1|131|9434765919", reject: Reject{Column: "age", Reason: ReasonAgeImplausible}},
		{name: "fraction", record: "1|4.5|9434765919", reject: Reject{Column: "age", Reason: ReasonInteger}},
		{name: "words", record: "1|forty|9434765919", reject: Reject{Column: "age", Reason: ReasonInteger}},
		{name: "overflow", record: "1|99999999999999999999|9434765919", reject: Reject{Column: "age", Reason: ReasonInteger}},
		{name: "empty", record: "1||9434765919", reject: Reject{Column: "age", Reason: ReasonRequired}},
	})

	optional := strings.Replace(agesMapping, "target: age_group", "target: age_group\n    optional: true", 1)
	runTransformCases(t, mustLoad(t, "m.yaml", optional), header, []transformCase{
		{name: "empty, optional", record: "1||9434765919", msg: msg, values: []any{nil, nil, nil, nil, int64(1), nil, nil}},
	})
}

// TestAgeBandsMatchDates: an age in years and the same age from a date of
// birth get the same label.
func TestAgeBandsMatchDates(t *testing.T) {
	t.Parallel()
	byAge := mustLoad(t, "m.yaml", agesMapping).columns[0]
	byDate := mustLoad(t, "m.yaml", visitsMapping).columns[1]
	for age := 0; age <= maxAge; age++ {
		got, _ := byAge.age(strings.Repeat("0", age%2) + strconv.Itoa(age))
		if want := byDate.bands.band(age); got != want {
			t.Errorf("age %d: band %v, from a date %v", age, got, want)
		}
	}
}
