package enclave

import (
	"errors"
	"fmt"
)

// Code is a machine-readable error class. Codes travel to clients (as the
// problem type) and into audit records, so the list is append-only: never
// rename or reuse one.
type Code string

// The error codes. HTTP status and problem type are derived from them in one
// place, enclave/httpapi.
const (
	CodeInvalid          Code = "invalid"            // the request is malformed or a value is out of range
	CodeUnauthenticated  Code = "unauthenticated"    // no valid credentials
	CodeForbidden        Code = "forbidden"          // policy denied the action
	CodeNotFound         Code = "not_found"          // no such resource (or not visible to the caller)
	CodeConflict         Code = "conflict"           // the action clashes with the current state
	CodeTooLarge         Code = "too_large"          // the request body exceeds the limit
	CodeUnsupportedMedia Code = "unsupported_media"  // wrong Content-Type
	CodeUnavailable      Code = "unavailable"        // a dependency is down; try again later
	CodeInternal         Code = "internal"           // a bug or an unexpected failure; details only in the log
	CodeMethodNotAllowed Code = "method_not_allowed" // the route exists but not with this method
	// CodeIntegrity: stored data failed an integrity check (an audit event
	// whose copies differ from its canonical bytes): evidence of tampering
	// or corruption, shown to the caller because it is about the data.
	CodeIntegrity Code = "integrity"
	// CodeRollback: the database was restored to a point behind the
	// checkpoint kept outside it, and no operator has acknowledged it yet:
	// queries are refused (docs/operations.md, "Backup and restore").
	CodeRollback Code = "rollback"
)

// Error is the one error type of the enclave. Message is safe to show to the
// caller and never contains an identifier; Err holds the internal cause, which
// goes to the log only.
type Error struct {
	Code    Code
	Message string
	Reasons []Reason
	Err     error
}

// E builds an *Error with a code and a caller-safe message.
func E(code Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Wrap builds an *Error that keeps err as its internal cause.
func Wrap(code Code, message string, err error) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the first *Error in err's chain, or
// CodeInternal when there is none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
