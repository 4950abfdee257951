package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/vault/api"
)

// The kinds of failure, for errors.Is. ErrSealed is also ErrUnavailable.
var (
	ErrUnavailable = errors.New("vault unavailable")          // network error, timeout, 5xx, 429: worth retrying later
	ErrSealed      = errors.New("vault is sealed")            // needs an operator to unseal
	ErrDenied      = errors.New("vault permission denied")    // 403: token or policy wrong
	ErrNotFound    = errors.New("not found in vault")         // 404: no such key or secret
	ErrRejected    = errors.New("vault rejected the request") // other 4xx, or a response this package cannot use
)

// Error is a failed call to Vault. Its text names the operation, the Vault
// path (mount and key or secret name, never a value), the status and
// Vault's own error messages: for the endpoints this package calls those
// never echo request data. Err keeps the cause for errors.As (an
// *api.ResponseError or a network error) but its text is not used, except
// for network errors, whose text carries the URL only.
type Error struct {
	Op       string   // what the package was doing, e.g. "transit hmac"
	Path     string   // the Vault path, e.g. "transit/hmac/pid"
	Status   int      // HTTP status; 0 when no response arrived
	Messages []string // Vault's error messages
	Kind     error    // one of the Err* kinds above
	Err      error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "vault %s %s: %v", e.Op, e.Path, e.Kind)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	switch {
	case len(e.Messages) > 0:
		b.WriteString(": " + strings.Join(e.Messages, "; "))
	case e.Status == 0 && e.Err != nil:
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Is matches the error's kind; a sealed Vault is also unavailable.
func (e *Error) Is(target error) bool {
	return target == e.Kind || (target == ErrUnavailable && e.Kind == ErrSealed)
}

func (e *Error) Unwrap() error { return e.Err }

// classify turns an error from the api client into an *Error.
func classify(op, path string, err error) *Error {
	e := &Error{Op: op, Path: path, Kind: ErrUnavailable, Err: err}
	var (
		re *api.ResponseError
		se *json.SyntaxError
		ue *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &se) || errors.As(err, &ue):
		// The decoder's message could quote the response; keep it out of the text.
		e.Kind, e.Messages = ErrRejected, []string{"malformed response body"}
		return e
	case !errors.As(err, &re):
		return e // network error, timeout or cancellation
	}
	e.Status = re.StatusCode
	if re.RawError {
		e.Messages = []string{"response body is not Vault's JSON"}
	} else {
		e.Messages = slices.Clone(re.Errors)
	}
	switch {
	case re.StatusCode == http.StatusServiceUnavailable && slices.Contains(re.Errors, "Vault is sealed"):
		e.Kind = ErrSealed
	case re.StatusCode == http.StatusTooManyRequests || re.StatusCode >= 500:
		e.Kind = ErrUnavailable
	case re.StatusCode == http.StatusForbidden:
		e.Kind = ErrDenied
	case re.StatusCode == http.StatusNotFound:
		e.Kind = ErrNotFound
	default:
		e.Kind = ErrRejected
	}
	return e
}

// rejected is an *Error for a response this package cannot use.
func rejected(op, path, msg string) *Error {
	return &Error{Op: op, Path: path, Kind: ErrRejected, Messages: []string{msg}}
}

// BatchItemError is an item of a batch that Vault (or the check of its
// answer) rejected. Index is the item's position in the caller's messages;
// the message itself is never included.
type BatchItemError struct {
	Path   string
	Index  int
	Reason string // Vault's per-item error, or what was wrong with its answer
}

func (e *BatchItemError) Error() string {
	return fmt.Sprintf("vault %s: item %d: %s", e.Path, e.Index, e.Reason)
}

// Is makes a rejected item an ErrRejected.
func (e *BatchItemError) Is(target error) bool { return target == ErrRejected }

// Why says in a few words, fit to show an operator, why a call failed:
// sealed, slow, unreachable, refused. It is what /readyz and a failed load
// tell them.
func Why(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, ErrSealed):
		return "Vault is sealed: an operator must unseal it"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return "Vault did not answer in time"
	case errors.Is(err, ErrUnavailable):
		return "Vault is unreachable or failing"
	case errors.Is(err, ErrDenied):
		return "Vault denied the request: check the service's token and policy"
	}
	return "Vault rejected the request"
}
