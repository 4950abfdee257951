package csvsource

import "strconv"

// Reason is a stable code for why a line was skipped. Reasons travel into
// load records (rejected rows are counted by reason), so the list is
// append-only: never rename or reuse one.
type Reason string

// The reasons a line is rejected.
const (
	ReasonLineTooLong Reason = "line.too_long"    // longer than Options.MaxLineBytes
	ReasonEncoding    Reason = "encoding.invalid" // not valid UTF-8, or holds a NUL byte
	ReasonSyntax      Reason = "csv.syntax"       // malformed quoting
	ReasonColumns     Reason = "columns.count"    // a different number of fields from the header
)

func (r Reason) text() string {
	switch r {
	case ReasonLineTooLong:
		return "line is longer than the limit"
	case ReasonEncoding:
		return "line is not valid UTF-8 or holds a NUL byte"
	case ReasonSyntax:
		return "line has malformed quoting"
	case ReasonColumns:
		return "line has a different number of fields from the header"
	}
	return "line is refused"
}

// Reject says which line was skipped and why. It never holds the line's
// content.
type Reject struct {
	Line   int
	Reason Reason
}

func (r *Reject) Error() string {
	return "line " + strconv.Itoa(r.Line) + ": " + r.Reason.text() + " (" + string(r.Reason) + ")"
}
