package mapping

// Reason is a stable code for why a row was rejected or skipped. Reasons
// travel into load records (rows are counted by reason), so the list is
// append-only: never rename or reuse one. columns.count and
// encoding.invalid mean the same as package csvsource's codes of those
// names.
type Reason string

// The reasons Transform rejects a row.
const (
	ReasonColumns             Reason = "columns.count"           // the record has a different number of fields from the header
	ReasonIdentifierMissing   Reason = "identifier.missing"      // the identifier cell is empty
	ReasonIdentifierInvalid   Reason = "identifier.invalid"      // not an NHS number (format, length, check digit), or a local value that is too long or not printable
	ReasonIdentifierNever     Reason = "identifier.never_issued" // 0000000000, which passes the check but is never issued
	ReasonIdentifierSynthetic Reason = "identifier.synthetic"    // a 999-range NHS number, when the mapping does not allow them
	ReasonRequired            Reason = "value.required"          // an empty cell in a column that is not optional
	ReasonEncoding            Reason = "encoding.invalid"        // a text value that is not valid UTF-8 or holds a NUL byte
	ReasonDate                Reason = "date.invalid"            // not a calendar date in the column's layout
	ReasonDateFuture          Reason = "date.future"             // a date after the load date
	ReasonAgeNegative         Reason = "age.negative"            // an age below 0, or (age_band) an event date before the date of birth
	ReasonPostcode            Reason = "postcode.invalid"        // not shaped like a UK postcode
	ReasonPostcodeUnknown     Reason = "postcode.unknown"        // a postcode the lookup file does not list
	ReasonCodeUnknown         Reason = "code.unknown"            // not one of the allowed values
	ReasonCodePattern         Reason = "code.pattern"            // does not match the allowed pattern
	ReasonInteger             Reason = "integer.invalid"         // not a whole number (64-bit, decimal)
	ReasonNumber              Reason = "number.invalid"          // not a finite decimal number
	ReasonBoolean             Reason = "boolean.invalid"         // neither true nor false
	ReasonAgeImplausible      Reason = "age.implausible"         // an age over 130 years
	ReasonCondition           Reason = "row.condition"           // skipped: the row fails a when: condition, so it is not for this dataset
)

func (r Reason) text() string {
	switch r {
	case ReasonColumns:
		return "record has a different number of fields from the header"
	case ReasonIdentifierMissing:
		return "identifier is empty"
	case ReasonIdentifierInvalid:
		return "identifier is not valid"
	case ReasonIdentifierNever:
		return "NHS number is one that is never issued"
	case ReasonIdentifierSynthetic:
		return "NHS number is in the 999 test range, which this mapping does not allow"
	case ReasonRequired:
		return "value is empty but required"
	case ReasonEncoding:
		return "value is not valid UTF-8 or holds a NUL byte"
	case ReasonDate:
		return "value is not a date in the column's layout"
	case ReasonDateFuture:
		return "date is after the load date"
	case ReasonAgeNegative:
		return "age is negative (below 0, or an event date before the date of birth)"
	case ReasonPostcode:
		return "value is not a UK postcode"
	case ReasonPostcodeUnknown:
		return "postcode is not in the lookup file"
	case ReasonCodeUnknown:
		return "value is not one of the allowed values"
	case ReasonCodePattern:
		return "value does not match the allowed pattern"
	case ReasonInteger:
		return "value is not a whole number"
	case ReasonNumber:
		return "value is not a decimal number"
	case ReasonBoolean:
		return "value is not true or false"
	case ReasonAgeImplausible:
		return "age is over 130 years"
	case ReasonCondition:
		return "row fails the mapping's when: condition on this column, so it is not for this dataset"
	}
	return "value is refused"
}

// Reject says which source column refused a row and by which rule. It never
// holds the value (invariant 1: values may be identifiers); callers add the
// line number. With Skip set the row is not refused but skipped: it is not
// for this dataset, and callers count it apart from rejected rows (a caller
// that counts it as rejected still stores nothing from it).
type Reject struct {
	Column string // the source column, as named in the header; "" for the whole record
	Reason Reason
	Skip   bool // the row fails a when: condition (row.condition)
}

func (r *Reject) Error() string {
	if r.Column == "" {
		return r.Reason.text() + " (" + string(r.Reason) + ")"
	}
	return "column " + r.Column + ": " + r.Reason.text() + " (" + string(r.Reason) + ")"
}
