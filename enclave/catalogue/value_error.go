package catalogue

// Reason is a stable code for why a value was refused. Reasons travel into
// load records (rejected rows are counted by reason), so the list is
// append-only: never rename or reuse one.
type Reason string

// The reasons Column.Accepts gives.
const (
	ReasonEmpty     Reason = "value.empty"     // the value is the empty string
	ReasonEncoding  Reason = "value.encoding"  // the value is not valid UTF-8
	ReasonPseudonym Reason = "value.pseudonym" // not a pseudonym in the enclave's text form
	ReasonInteger   Reason = "value.integer"   // not a whole number in decimal (64-bit)
	ReasonNumber    Reason = "value.number"    // not a finite decimal number
	ReasonDate      Reason = "value.date"      // not a calendar date written YYYY-MM-DD
	ReasonBoolean   Reason = "value.boolean"   // neither true nor false
	ReasonValues    Reason = "value.values"    // not one of the column's declared values
	ReasonPattern   Reason = "value.pattern"   // does not match the column's pattern
	ReasonType      Reason = "value.type"      // the column's type is unknown (a Column not loaded from a file)
)

func (r Reason) text() string {
	switch r {
	case ReasonEmpty:
		return "value is empty"
	case ReasonEncoding:
		return "value is not valid UTF-8"
	case ReasonPseudonym:
		return "value is not a pseudonym in the enclave's text form"
	case ReasonInteger:
		return "value is not a whole number"
	case ReasonNumber:
		return "value is not a decimal number"
	case ReasonDate:
		return "value is not a calendar date in the form YYYY-MM-DD"
	case ReasonBoolean:
		return "value is not true or false"
	case ReasonValues:
		return "value is not one of the column's declared values"
	case ReasonPattern:
		return "value does not match the column's pattern"
	case ReasonType:
		return "column has no known type"
	}
	return "value is refused"
}

// ValueError says which column refused a value and by which rule. It never
// holds the value itself (invariant 1: rejected rows are reported by line
// number and reason only).
type ValueError struct {
	Column string
	Reason Reason
}

func (e *ValueError) Error() string {
	return "column " + e.Column + ": " + e.Reason.text()
}

// Code returns the stable reason code, like pseudonym.Error's Code.
func (e *ValueError) Code() string { return string(e.Reason) }
