package pseudonym

import "errors"

// Error is a validation or usage failure with a stable machine code.
//
// Every Error is one of the package's sentinel values below, so its text is
// fixed: it never contains the input that was rejected (invariant 1). Callers
// report rejected rows by line number and Reason only. Compare with errors.Is;
// never branch on the message.
type Error struct {
	code string
	msg  string
}

func (e *Error) Error() string { return "pseudonym: " + e.msg }

// Code is the stable reason code, for example "nhs.checksum".
func (e *Error) Code() string { return e.code }

// The reason codes travel into load records and audit events, so they are
// append-only: never rename or reuse one.
var (
	// NHS number parsing.
	ErrEmpty       = &Error{"nhs.empty", "NHS number is empty"}
	ErrLength      = &Error{"nhs.length", "NHS number does not have ten digits"}
	ErrFormat      = &Error{"nhs.format", "NHS number has characters or separators outside the accepted forms"}
	ErrChecksum    = &Error{"nhs.checksum", "NHS number fails the modulus eleven check-digit test"}
	ErrNeverIssued = &Error{"nhs.never_issued", "NHS number is one that is never issued"}

	// Local identifiers and identifier use.
	ErrLocalSystem    = &Error{"local.system", "local identifier system name is not in the accepted form"}
	ErrLocalValue     = &Error{"local.value", "local identifier value is empty, too long or not printable"}
	ErrZeroIdentifier = &Error{"identifier.zero", "identifier is the zero value"}

	// Keys, derivation and pseudonym text.
	ErrKeyTooShort     = &Error{"key.short", "key material is shorter than thirty-two bytes"}
	ErrKeyVersion      = &Error{"key.version", "key version must be positive"}
	ErrZeroKey         = &Error{"key.zero", "key is the zero value"}
	ErrPurpose         = &Error{"derive.purpose", "derivation purpose is not in the accepted form"}
	ErrProjectID       = &Error{"derive.project", "project id is empty"}
	ErrPseudonymFormat = &Error{"pseudonym.format", "pseudonym text is not in a known versioned form"}

	// ErrNotSerialisable is returned by MarshalJSON and MarshalText of the types
	// that hold identifiers or keys, so that they can never be serialised by
	// accident.
	ErrNotSerialisable = &Error{"redacted.marshal", "value holds an identifier or key and must not be serialised"}
)

// Reason returns the stable reason code of the first *Error in err's chain,
// "" for a nil error, and "unknown" for an error from outside this package.
func Reason(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.code
	}
	return "unknown"
}
