package mapping

import "github.com/research-enclave/enclave/internal/yamlfile"

// Problem is one rule a mapping file (or a lookup file it names) breaks.
// Its File is the mapping or lookup file, as named to Load or joined to
// LoadFile's directory; its Field the path to the field, such as
// "columns[2].date.coarsen"; its Message never holds a value from a data or
// lookup row. String formats it as "file:line: field: message".
type Problem = yamlfile.Problem

// Error is returned by Load when a mapping breaks the rules. It holds every
// problem found, sorted by file, line and field; its text is one problem
// per line.
type Error struct {
	Problems []Problem
}

func newError(ps []Problem) *Error {
	return &Error{Problems: yamlfile.Sorted(ps)}
}

func (e *Error) Error() string {
	return yamlfile.Lines(e.Problems)
}
