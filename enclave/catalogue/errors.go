package catalogue

import "github.com/research-enclave/enclave/internal/yamlfile"

// Problem is one rule a catalogue file breaks. Its File is the file as
// named to Load or joined to LoadDir's directory, and its Field the path to
// the field, such as "columns[2].role"; String formats it as
// "file:line: field: message".
type Problem = yamlfile.Problem

// Error is returned by Load when catalogue files break the rules. It holds
// every problem found in every file, not just the first, sorted by file,
// line and field; its text is one problem per line.
type Error struct {
	Problems []Problem
}

func newError(ps []Problem) *Error {
	return &Error{Problems: yamlfile.Sorted(ps)}
}

func (e *Error) Error() string {
	return yamlfile.Lines(e.Problems)
}
