package yamlfile

import (
	"slices"
	"testing"
)

func TestProblemString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"whole file", Problem{File: "a.yaml", Message: "file is empty"}, "a.yaml: file is empty"},
		{"line", Problem{File: "a.yaml", Line: 3, Message: "not valid YAML: x"}, "a.yaml:3: not valid YAML: x"},
		{"field", Problem{File: "a.yaml", Line: 3, Field: "columns[0].name", Message: "is required"}, "a.yaml:3: columns[0].name: is required"},
	}
	for _, tc := range tests {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSorted(t *testing.T) {
	t.Parallel()
	a := Problem{File: "a.yaml", Line: 2, Message: "m"}
	b := Problem{File: "a.yaml", Line: 10, Message: "m"}
	c := Problem{File: "b.yaml", Line: 1, Message: "m"}
	in := []Problem{c, b, a, b}
	got := Sorted(in)
	if want := []Problem{a, b, c}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if in[0] != c {
		t.Errorf("Sorted changed its argument: %v", in)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	known := []string{"dataset", "columns", "disclosure"}
	tests := []struct{ got, want string }{
		{"colums", ` (did you mean "columns"?)`},
		{"datset", ` (did you mean "dataset"?)`},
		{"person", ""},
	}
	for _, tc := range tests {
		if s := suggest(tc.got, known); s != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.got, s, tc.want)
		}
	}
}
