package mapping

import "testing"

// observationsMapping loads only the numeric observations of a Synthea-like
// file, with an age in whole years. Keep its line numbers stable: the tests
// name them.
const observationsMapping = `mapping: test_observations
version: 1
dataset: visits
when:
  - {column: TYPE, equals: numeric}
  - {column: CATEGORY, in: [vital-signs, exam]}
absent: [week, area, visits, smoker]
columns:
  - {source: PATIENT, identifier: {type: local, system: org.mitre.synthea.patient}}
  - {source: AGE, target: age_group, age: {bands: [0, 18, 65]}, optional: true}
  - {source: VALUE, target: bmi}
  - {source: CATEGORY, target: note}
  - {source: TYPE, drop: true}
`

// TestWhenRules breaks one rule of the when: conditions per case.
func TestWhenRules(t *testing.T) {
	t.Parallel()
	const f = "m.yaml:"
	const both = "when:\n  - {column: TYPE, equals: numeric}\n  - {column: CATEGORY, in: [vital-signs, exam]}"
	runRuleCases(t, observationsMapping, nil, []ruleCase{
		{name: "valid"},
		{name: "one condition", old: both, new: "when: [{column: TYPE, equals: numeric}]"},
		{name: "equals empty", old: "equals: numeric", new: `equals: ""`},
		{name: "not a list", old: both, new: "when: {column: TYPE, equals: numeric}",
			want: []string{f + "4: when: must be a list"}},
		{name: "empty", old: both, new: "when: []",
			want: []string{f + "4: when: must list at least one condition, or be left out"}},
		{name: "condition not a mapping", old: "{column: TYPE, equals: numeric}", new: "TYPE",
			want: []string{f + "5: when[0]: must be a mapping of keys to values"}},
		{name: "column missing", old: "{column: TYPE, equals: numeric}", new: "{equals: numeric}",
			want: []string{f + "5: when[0].column: is required"}},
		{name: "unknown key", old: "equals: numeric", new: "equal: numeric",
			want: []string{f + `5: when[0]: needs equals: <value> or in: [<values>]`,
				f + `5: when[0]: unknown key "equal" (did you mean "equals"?)`}},
		{name: "equals and in", old: "equals: numeric}", new: "equals: numeric, in: [numeric]}",
			want: []string{f + "5: when[0]: give equals or in, not both"}},
		{name: "neither", old: "{column: TYPE, equals: numeric}", new: "{column: TYPE}",
			want: []string{f + "5: when[0]: needs equals: <value> or in: [<values>]"}},
		{name: "equals a list", old: "equals: numeric", new: "equals: [numeric]",
			want: []string{f + "5: when[0].equals: must be a single value"}},
		{name: "in not a list", old: "in: [vital-signs, exam]", new: "in: exam",
			want: []string{f + "6: when[1].in: must be a list"}},
		{name: "in empty", old: "in: [vital-signs, exam]", new: "in: []",
			want: []string{f + "6: when[1].in: must list at least one value"}},
		{name: "in twice", old: "in: [vital-signs, exam]", new: "in: [exam, exam]",
			want: []string{f + `6: when[1].in[1]: "exam" is listed twice`}},
		{name: "column twice", old: "column: CATEGORY", new: "column: TYPE",
			want: []string{f + `6: when[1].column: column "TYPE" has a condition already (when[0]): give one per column, with in: for several values`}},
		{name: "column not listed", old: "column: TYPE", new: "column: KIND",
			want: []string{f + `5: when[0].column: "KIND" must name a source column listed in columns (mapped or dropped)`}},
		{name: "identifier", old: "column: TYPE", new: "column: PATIENT",
			want: []string{f + `5: when[0].column: "PATIENT" is the identifier column (columns[0]); a condition cannot read it`}},
	})
}

// TestTransformWhen: rows that fail a condition are skipped before any
// other cell is read, so that a text VALUE does not reject its row; rows
// that meet every condition are converted as usual.
func TestTransformWhen(t *testing.T) {
	t.Parallel()
	const header = "TYPE|VALUE|CATEGORY|AGE|PATIENT"
	const msg = "local:org.mitre.synthea.patient:p1"
	skipped := func(column string) Reject { return Reject{Column: column, Reason: ReasonCondition, Skip: true} }
	runTransformCases(t, mustLoad(t, "m.yaml", observationsMapping), header, []transformCase{
		{name: "numeric", record: "numeric|27.4|vital-signs|42|p1", msg: msg,
			values: []any{nil, nil, "18-64", 27.4, nil, nil, "vital-signs"}},
		{name: "trimmed cells meet", record: " numeric\t|27.4| exam |  |p1", msg: msg,
			values: []any{nil, nil, nil, 27.4, nil, nil, "exam"}},

		{name: "text value skipped", record: "text|Never smoked tobacco|survey|42|p1", reject: skipped("TYPE")},
		{name: "case differs", record: "Numeric|27.4|vital-signs|42|p1", reject: skipped("TYPE")},
		{name: "empty cell", record: "|27.4|vital-signs|42|p1", reject: skipped("TYPE")},
		{name: "second condition", record: "numeric|27.4|laboratory|42|p1", reject: skipped("CATEGORY")},
		{name: "skipped before the identifier", record: "text|x|survey|-5|", reject: skipped("TYPE")},

		{name: "numeric row still checked", record: "numeric|high|vital-signs|42|p1",
			reject: Reject{Column: "VALUE", Reason: ReasonNumber}},
		{name: "identifier still checked", record: "numeric|27.4|vital-signs|42|",
			reject: Reject{Column: "PATIENT", Reason: ReasonIdentifierMissing}},
		{name: "too few fields", record: "text|x", reject: Reject{Reason: ReasonColumns}},
	})
}

func TestSkipText(t *testing.T) {
	t.Parallel()
	rej := Reject{Column: "TYPE", Reason: ReasonCondition, Skip: true}
	const want = "column TYPE: row fails the mapping's when: condition on this column, so it is not for this dataset (row.condition)"
	if got := rej.Error(); got != want {
		t.Errorf("Error() = %s\nwant %s", got, want)
	}
}
