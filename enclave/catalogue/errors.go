package catalogue

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one rule a catalogue file breaks.
type Problem struct {
	File    string // the file, as named to Load or joined to LoadDir's directory
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

func compareProblems(a, b Problem) int {
	return cmp.Or(
		strings.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		strings.Compare(a.Field, b.Field),
		strings.Compare(a.Message, b.Message),
	)
}

// Error is returned by Load when catalogue files break the rules. It holds
// every problem found in every file, not just the first, sorted by file,
// line and field; its text is one problem per line.
type Error struct {
	Problems []Problem
}

func newError(ps []Problem) *Error {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, compareProblems)
	return &Error{Problems: slices.CompactFunc(ps, func(a, b Problem) bool { return a == b })}
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
