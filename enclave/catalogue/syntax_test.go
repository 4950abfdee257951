package catalogue

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSyntaxLines pins the line reported for each kind of YAML syntax error,
// including yaml.v3's parser errors, which it numbers from 0.
func TestSyntaxLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, want string
	}{
		{"unclosed flow list, one line", "[a", "x.yaml:1: not valid YAML: did not find expected ',' or ']'"},
		{"unclosed flow list", "dataset: x\ntitle: [a,\nb: c\n", "x.yaml:2: not valid YAML: did not find expected ',' or ']'"},
		{"unclosed flow mapping", "a: 1\nb: {c: d\ne: f\n", "x.yaml:2: not valid YAML: did not find expected ',' or '}'"},
		{"list item in a mapping", "a: 1\nb: 2\n- c\n", "x.yaml:3: not valid YAML: did not find expected key"},
		{"mapping in a list", "a:\n  - b\n  c: d\n", "x.yaml:2: not valid YAML: did not find expected '-' indicator"},
		{"bad indentation", "a: |\n  x\n y: 1\n", "x.yaml:3: not valid YAML: did not find expected key"},
		{"nested key on a value", "a: 1\n  b: 2\n", "x.yaml:2: not valid YAML: mapping values are not allowed in this context"},
		{"unclosed quote", "a: 1\nb: \"abc\n", "x.yaml:2: not valid YAML: found unexpected end of stream"},
		{"tab indentation", "a: 1\n\tb: 1\n", "x.yaml:2: not valid YAML: found a tab character that violates indentation"},
		{"repeated directive", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "x.yaml:2: not valid YAML: found duplicate %YAML directive"},
		{"undefined tag handle", "a: 1\nb: !foo!bar x\n", "x.yaml:2: not valid YAML: found undefined tag handle"},
		{"control character", "a: 1\n\n\nb: x\x00\n", "x.yaml:4: not valid YAML: control characters are not allowed"},
		{"document marker only", "---", "x.yaml: file is empty"},
		{"comments only", "# to do\n", "x.yaml: file is empty"},
		{"invalid UTF-8", "a: 1\nb: \xc3\x28\n", "x.yaml:2: not valid YAML: invalid trailing UTF-8 octet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := problems(t, fstest.MapFS{"x.yaml": file(tt.data)})
			if want := []string{tt.want}; !slices.Equal(got, want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}
