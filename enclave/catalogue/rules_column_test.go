package catalogue

import (
	"strings"
	"testing"
)

// TestColumnRules breaks one rule of the columns per case and expects
// exactly the problems listed.
func TestColumnRules(t *testing.T) {
	t.Parallel()
	const f = "ae_attendances.yaml:"
	runRuleCases(t, []ruleCase{
		{name: "columns missing", old: aeFile[strings.Index(aeFile, "columns:"):], new: "",
			want: []string{f + "1: columns: is required"}},
		{name: "columns empty", old: aeFile[strings.Index(aeFile, "columns:"):], new: "columns: []\n",
			want: []string{f + "10: columns: must list at least one column"}},
		{name: "columns blank", old: aeFile[strings.Index(aeFile, "columns:"):], new: "columns:\n",
			want: []string{f + "10: columns: must list at least one column"}},
		{name: "columns not a list", old: aeFile[strings.Index(aeFile, "columns:"):], new: "columns: pid\n",
			want: []string{f + "10: columns: must be a list"}},
		{name: "column not a mapping", old: "  - {name: free_text, type: text, role: never_output}", new: "  - free_text",
			want: []string{f + "17: columns[6]: must be a mapping of keys to values"}},
		{name: "column name repeated", old: "name: free_text", new: "name: wait_minutes",
			want: []string{f + `17: columns[6].name: column "wait_minutes" is already declared at line 16`}},
		{name: "column name pattern", old: "name: free_text", new: "name: Free Text",
			want: []string{f + `17: columns[6].name: "Free Text" must be lowercase letters, digits and _, start with a letter, at most 63 characters`}},
		{name: "column name missing", old: "name: free_text, ", new: "",
			want: []string{f + "17: columns[6].name: is required"}},
		{name: "column type enum", old: "type: text", new: "type: string",
			want: []string{f + `17: columns[6].type: "string" is not one of pseudonym, text, code, integer, number, date, boolean`}},
		{name: "column role enum", old: "role: never_output", new: "role: secret",
			want: []string{f + `17: columns[6].role: "secret" is not one of identifier, quasi_identifier, dimension, measure, never_output`}},
		{name: "column type and role missing", old: "{name: free_text, type: text, role: never_output}", new: "{name: free_text}",
			want: []string{f + "17: columns[6].role: is required", f + "17: columns[6].type: is required"}},
		{name: "column unknown key", old: "role: never_output}", new: "role: never_output, descripton: x}",
			want: []string{f + `17: columns[6]: unknown key "descripton" (did you mean "description"?)`}},
		{name: "measure on code", old: "type: integer, role: measure, unit: minutes", new: "type: code, role: measure",
			want: []string{f + "16: columns[5].role: a measure must have type integer or number, not code"}},
		{name: "measure on number", old: "type: integer, role: measure", new: "type: number, role: measure"},
		{name: "identifier on date", old: "type: date, role: dimension", new: "type: date, role: identifier",
			want: []string{f + "12: columns[1].role: an identifier must have type pseudonym, text or code, not date"}},
		{name: "identifier on code", old: "type: date, role: dimension", new: "type: code, role: identifier"},
		{name: "pseudonym output", old: "type: date, role: dimension", new: "type: pseudonym, role: dimension",
			want: []string{f + "12: columns[1].role: a pseudonym column must have role identifier (pseudonyms are never output), not dimension"}},
		{name: "unit on date", old: "type: date, role: dimension", new: "type: date, role: dimension, unit: days",
			want: []string{f + "12: columns[1].unit: only integer and number columns have a unit"}},
		{name: "values on integer", old: "type: integer, role: measure", new: "type: integer, role: measure, values: [1, 2]",
			want: []string{f + "16: columns[5].values: only code and text columns have values"}},
		{name: "pattern on date", old: "type: date, role: dimension", new: `type: date, role: dimension, pattern: "[0-9]+"`,
			want: []string{f + "12: columns[1].pattern: only code and text columns have a pattern"}},
		{name: "values and pattern on text", old: "role: never_output", new: `role: never_output, values: [ab], pattern: "[a-z]+"`},
		{name: "pattern does not compile", old: `pattern: "^[A-Z][0-9]{2}(\\.[0-9])?$"`, new: `pattern: "[A-Z"`,
			want: []string{f + "15: columns[4].pattern: is not a valid regular expression: error parsing regexp: missing closing ]: `[A-Z`"}},
		{name: "pattern only valid when anchored", old: `pattern: "^[A-Z][0-9]{2}(\\.[0-9])?$"`, new: `pattern: "a)(?:b"`,
			want: []string{f + "15: columns[4].pattern: is not a valid regular expression: error parsing regexp: unexpected ): `a)(?:b`"}},
		{name: "pattern empty", old: `pattern: "^[A-Z][0-9]{2}(\\.[0-9])?$"`, new: `pattern: ""`,
			want: []string{f + "15: columns[4].pattern: must not be empty"}},
		{name: "values empty", old: `values: ["0-4", "5-9", "10+"]`, new: "values: []",
			want: []string{f + "13: columns[2].values: must list at least one value"}},
		{name: "values not a list", old: `values: ["0-4", "5-9", "10+"]`, new: `values: "0-4"`,
			want: []string{f + "13: columns[2].values: must be a list"}},
		{name: "value repeated", old: `values: ["0-4", "5-9", "10+"]`, new: `values: ["0-4", "5-9", "0-4"]`,
			want: []string{f + `13: columns[2].values[2]: "0-4" is already listed at line 13`}},
		{name: "value empty", old: `values: ["0-4", "5-9", "10+"]`, new: `values: ["0-4", "", ~]`,
			want: []string{f + "13: columns[2].values[1]: must not be empty", f + "13: columns[2].values[2]: must not be empty"}},
		{name: "value against pattern", old: `values: ["0-4", "5-9", "10+"]`, new: `values: ["0-4", "5-9", "10+"], pattern: "[0-9]+-[0-9]+"`,
			want: []string{f + `13: columns[2].values[2]: "10+" does not match the pattern`}},
	})
}
