package mapping

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one rule a mapping file (or a lookup file it names) breaks.
type Problem struct {
	File    string // the mapping or lookup file, as named to Load or joined to LoadFile's directory
	Line    int    // 1-based; 0 when the problem is about the whole file
	Field   string // the path to the field, such as "columns[2].date.coarsen"; "" for the file
	Message string // the rule broken; never a value from a data or lookup row
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

// Error is returned by Load when a mapping breaks the rules. It holds every
// problem found, sorted by file, line and field; its text is one problem
// per line.
type Error struct {
	Problems []Problem
}

func newError(ps []Problem) *Error {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			strings.Compare(a.Field, b.Field), strings.Compare(a.Message, b.Message))
	})
	return &Error{Problems: slices.Compact(ps)}
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
