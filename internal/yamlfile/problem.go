// Package yamlfile reads the enclave's small YAML files (catalogue datasets,
// mappings) so that every rule a file breaks is reported at its line, with
// the path to its field, rather than stopping at the first. The catalogue
// and mapping packages build their own rules on its Reader, so that both
// kinds of file report problems the same way.
package yamlfile

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one rule a file breaks.
type Problem struct {
	File    string // the file, as the caller names it to the user
	Line    int    // 1-based; 0 when the problem is about the whole file
	Field   string // the path to the field, such as "columns[2].role"; "" for the file or document
	Message string // the rule broken
}

// String formats the problem as "file:line: field: message", leaving out the
// parts that are empty.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Compare orders problems by file, line, field and message.
func Compare(a, b Problem) int {
	return cmp.Or(
		strings.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		strings.Compare(a.Field, b.Field),
		strings.Compare(a.Message, b.Message),
	)
}

// Sorted returns a sorted copy of ps without repeats.
func Sorted(ps []Problem) []Problem {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, Compare)
	return slices.Compact(ps)
}

// Lines is the text of an error holding ps: one problem per line.
func Lines(ps []Problem) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
