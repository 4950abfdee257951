package catalogue

import (
	"strings"
	"testing"
)

// TestDatasetRules breaks one rule of the dataset, its disclosure, its person
// or the file's keys and YAML per case, and expects exactly the problems listed.
func TestDatasetRules(t *testing.T) {
	t.Parallel()
	const f = "ae_attendances.yaml:"
	tests := []ruleCase{
		{name: "valid"},
		{name: "threshold lowest", old: "threshold: 10", new: "threshold: 1"},
		{name: "threshold highest", old: "threshold: 10", new: "threshold: 1000"},
		{name: "optional keys absent", old: "description: Emergency department attendances\n", new: ""},
		{name: "blank description", old: "description: Emergency department attendances", new: "description:"},

		// The dataset.
		{name: "dataset name pattern", old: "dataset: ae_attendances", new: "dataset: AE",
			want: []string{f + `1: dataset: "AE" must be lowercase letters, digits and _, start with a letter, at most 63 characters`}},
		{name: "dataset name too long", old: "dataset: ae_attendances", new: "dataset: a" + strings.Repeat("b", 63),
			want: []string{f + `1: dataset: "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…" must be lowercase letters, digits and _, start with a letter, at most 63 characters`}},
		{name: "dataset name is not the file name", old: "dataset: ae_attendances", new: "dataset: ae",
			want: []string{f + `1: dataset: "ae" must equal the file name (ae_attendances.yaml)`}},
		{name: "dataset missing", old: "dataset: ae_attendances\n", new: "",
			want: []string{f + "1: dataset: is required"}},
		{name: "version zero", old: "version: 3", new: "version: 0",
			want: []string{f + "2: version: must be 1 or more"}},
		{name: "version not whole", old: "version: 3", new: "version: 3.5",
			want: []string{f + "2: version: must be a whole number"}},
		{name: "version text", old: "version: 3", new: "version: three",
			want: []string{f + "2: version: must be a whole number"}},
		{name: "version missing", old: "version: 3\n", new: "",
			want: []string{f + "1: version: is required"}},
		{name: "title empty", old: "title: A&E attendances", new: `title: " "`,
			want: []string{f + "3: title: must not be empty"}},
		{name: "title a list", old: "title: A&E attendances", new: "title: [a, b]",
			want: []string{f + "3: title: must be a single value"}},
		{name: "sensitivity enum", old: "sensitivity: standard", new: "sensitivity: secret",
			want: []string{f + `5: sensitivity: "secret" is not one of standard, sensitive`}},
		{name: "sensitivity missing", old: "sensitivity: standard\n", new: "",
			want: []string{f + "1: sensitivity: is required"}},
		{name: "review true", old: "sensitivity: standard", new: "sensitivity: standard\nreview: true"},
		{name: "review not a boolean", old: "sensitivity: standard", new: "sensitivity: standard\nreview: yes",
			want: []string{f + "6: review: must be true or false"}},

		// Disclosure.
		{name: "threshold zero", old: "threshold: 10", new: "threshold: 0",
			want: []string{f + "8: disclosure.threshold: must be between 1 and 1000"}},
		{name: "threshold too high", old: "threshold: 10", new: "threshold: 1001",
			want: []string{f + "8: disclosure.threshold: must be between 1 and 1000"}},
		{name: "threshold text", old: "threshold: 10", new: "threshold: ten",
			want: []string{f + "8: disclosure.threshold: must be a whole number"}},
		{name: "rounding zero", old: "rounding: 5", new: "rounding: 0",
			want: []string{f + "9: disclosure.rounding: must be 1 or more (1 means no rounding)"}},
		{name: "rounding missing", old: "  rounding: 5\n", new: "",
			want: []string{f + "8: disclosure.rounding: is required"}},
		{name: "disclosure missing", old: "disclosure:\n  threshold: 10\n  rounding: 5\n", new: "",
			want: []string{f + "1: disclosure: is required"}},
		{name: "disclosure not a mapping", old: "disclosure:\n  threshold: 10\n  rounding: 5", new: "disclosure: 10",
			want: []string{f + "7: disclosure: must be a mapping of keys to values"}},
		{name: "disclosure unknown key", old: "rounding: 5", new: "rounding: 5\n  treshold: 5",
			want: []string{f + `10: disclosure: unknown key "treshold" (did you mean "threshold"?)`}},
		{name: "mode unknown", old: "rounding: 5", new: "rounding: 5\n  mode: noise",
			want: []string{f + `10: disclosure.mode: "noise" is not one of base, midpoint6, cell_key`}},
		{name: "mode with a rounding base", old: "rounding: 5", new: "rounding: 5\n  mode: cell_key",
			want: []string{f + "10: disclosure.mode: cell_key replaces rounding to a base, so disclosure.rounding must be 1"}},
		{name: "dominance n too large", old: "rounding: 5", new: "rounding: 5\n  dominance: {n: 11, k_percent: 90}",
			want: []string{f + "10: disclosure.dominance.n: must be between 1 and 10"}},
		{name: "dominance k not a percentage", old: "rounding: 5", new: "rounding: 5\n  dominance: {n: 2, k_percent: 0.9}",
			want: []string{f + "10: disclosure.dominance.k_percent: must be a whole number"}},
		{name: "dominance k missing", old: "rounding: 5", new: "rounding: 5\n  dominance: {n: 2}",
			want: []string{f + "10: disclosure.dominance.k_percent: is required"}},
		{name: "p_percent zero", old: "rounding: 5", new: "rounding: 5\n  p_percent: 0",
			want: []string{f + "10: disclosure.p_percent: must be between 1 and 100"}},

		// Person.
		{name: "person not a column", old: "person: pid", new: "person: patient",
			want: []string{f + `6: person: "patient" is not one of the columns`}},
		{name: "person not a pseudonym", old: "person: pid", new: "person: arrival_date",
			want: []string{f + `6: person: column "arrival_date" must have type pseudonym and role identifier`}},
		{name: "person missing", old: "person: pid\n", new: "",
			want: []string{f + "1: person: is required"}},

		// Keys and YAML.
		{name: "unknown key", old: "version: 3", new: "version: 3\nverison: 4",
			want: []string{f + `3: unknown key "verison" (did you mean "version"?)`}},
		{name: "unknown key far from any", old: "version: 3", new: "version: 3\nowner: data team",
			want: []string{f + `3: unknown key "owner"`}},
		{name: "repeated key", old: "version: 3", new: "version: 3\nversion: 4",
			want: []string{f + "3: version: repeated key (first given at line 2)"}},
		{name: "alias", old: "title: A&E attendances\ndescription: Emergency department attendances",
			new:  "title: &t A&E attendances\ndescription: *t",
			want: []string{f + "4: description: aliases (*t) are not allowed; write the value out"}},
		{name: "not valid YAML", old: "title: A&E attendances", new: "title: [A&E",
			want: []string{f + "3: not valid YAML: did not find expected ',' or ']'"}},
		{name: "control character", old: "A&E attendances", new: "A&E\x07attendances",
			want: []string{f + "3: not valid YAML: control characters are not allowed"}},
		{name: "two documents", old: "version: 3", new: "version: 3\n---\nversion: 4",
			want: []string{f + "3: one dataset per file: a second YAML document starts here"}},
		{name: "empty file", old: aeFile, new: "# nothing yet\n",
			want: []string{"ae_attendances.yaml: file is empty"}},
		{name: "a list at the top", old: aeFile, new: "- dataset: ae_attendances\n",
			want: []string{f + "1: must be a mapping of keys to values"}},
	}
	runRuleCases(t, tests)
}
