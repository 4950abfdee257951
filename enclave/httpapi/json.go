package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/research-enclave/enclave/enclave"
)

// decodeJSON reads one JSON object from the body into dst, refusing the wrong
// content type, unknown fields, oversized bodies and trailing data, with a
// message that says what is wrong and where.
func decodeJSON(r *http.Request, dst any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return enclave.E(enclave.CodeUnsupportedMedia, "request body must be application/json")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return jsonError(err)
		}
		return enclave.E(enclave.CodeInvalid, "request body must hold a single JSON object")
	}
	return nil
}

func jsonError(err error) error {
	var (
		syntax   *json.SyntaxError
		typeErr  *json.UnmarshalTypeError
		maxBytes *http.MaxBytesError
	)
	switch {
	case errors.As(err, &maxBytes):
		return enclave.E(enclave.CodeTooLarge, fmt.Sprintf("request body exceeds %d bytes", maxBytes.Limit))
	case errors.Is(err, io.EOF):
		return enclave.E(enclave.CodeInvalid, "request body is empty; a JSON object is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return enclave.E(enclave.CodeInvalid, "malformed JSON: the body ends in the middle of a value")
	case errors.As(err, &syntax):
		return enclave.E(enclave.CodeInvalid, fmt.Sprintf("malformed JSON at byte %d: %v", syntax.Offset, syntax))
	case errors.As(err, &typeErr):
		// Not typeErr.Value: for a number it holds the number itself.
		return enclave.E(enclave.CodeInvalid, fmt.Sprintf("field %q must be %s", typeErr.Field, typeErr.Type))
	}
	// encoding/json reports an unknown field only through its message.
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return enclave.E(enclave.CodeInvalid, "unknown field "+field)
	}
	return enclave.Wrap(enclave.CodeInvalid, "malformed JSON", err)
}

// writeJSON writes v with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
