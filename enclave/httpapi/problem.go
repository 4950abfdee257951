package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// problemTypePrefix makes each error code a stable RFC 9457 problem type.
// docs/problems.md describes each one.
const problemTypePrefix = "urn:enclave:problem:"

// status maps an error code to its HTTP status, in one place.
func status(code enclave.Code) int {
	switch code {
	case enclave.CodeInvalid:
		return http.StatusBadRequest
	case enclave.CodeUnauthenticated:
		return http.StatusUnauthorized
	case enclave.CodeForbidden:
		return http.StatusForbidden
	case enclave.CodeNotFound:
		return http.StatusNotFound
	case enclave.CodeConflict:
		return http.StatusConflict
	case enclave.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case enclave.CodeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case enclave.CodeUnavailable, enclave.CodeRollback:
		return http.StatusServiceUnavailable
	case enclave.CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	default:
		return http.StatusInternalServerError
	}
}

// problem is an RFC 9457 problem document, with the enclave's reasons as an
// extension member.
type problem struct {
	Type      string           `json:"type"`
	Title     string           `json:"title"`
	Status    int              `json:"status"`
	Detail    string           `json:"detail"`
	Instance  string           `json:"instance,omitempty"`
	Reasons   []enclave.Reason `json:"reasons,omitempty"`
	RequestID string           `json:"request_id,omitempty"`
}

// problem writes err as problem+json. Internal errors reach the client only
// as a generic message; their cause goes to the log.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, err error) {
	var e *enclave.Error
	if !errors.As(err, &e) {
		e = enclave.Wrap(enclave.CodeInternal, "internal error", err)
	}
	code := status(e.Code)
	detail := e.Message
	if e.Code == enclave.CodeInternal {
		detail = "internal error; quote the request id to the operator"
	}
	switch {
	case code >= 500:
		s.Logger.ErrorContext(r.Context(), "request failed", "request_id", requestIDFrom(r.Context()), "code", e.Code, "err", err)
	case errors.Is(err, enclave.ErrUnaudited):
		s.Logger.ErrorContext(r.Context(), "could not audit a denial", "request_id", requestIDFrom(r.Context()), "err", err)
	}
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="enclave"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(problem{
		Type: problemTypePrefix + string(e.Code), Title: http.StatusText(code), Status: code,
		Detail: detail, Reasons: e.Reasons, RequestID: requestIDFrom(r.Context()),
	})
}
