package vaulttest

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// envelope is Vault's response wrapper. Clients must ignore the fields they
// do not know; the double fills every field Vault sends.
type envelope struct {
	RequestID     string   `json:"request_id"`
	LeaseID       string   `json:"lease_id"`
	Renewable     bool     `json:"renewable"`
	LeaseDuration int      `json:"lease_duration"`
	Data          any      `json:"data"`
	WrapInfo      any      `json:"wrap_info"`
	Warnings      []string `json:"warnings"`
	Auth          any      `json:"auth"`
}

// writeData answers 200 with data wrapped in the envelope.
func writeData(w http.ResponseWriter, data any, warnings ...string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(envelope{RequestID: requestID(), Data: data, Warnings: warnings})
}

// writeNoContent answers 204, as Vault does for writes without a response.
func writeNoContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// writeErrors answers with Vault's error body {"errors":[...]}; a 404 for a
// missing secret carries an empty list.
func writeErrors(w http.ResponseWriter, status int, msgs ...string) {
	if msgs == nil {
		msgs = []string{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string][]string{"errors": msgs})
}

// writeBadRequest answers 400 with one message, Vault's logical.ErrInvalidRequest.
func writeBadRequest(w http.ResponseWriter, format string, args ...any) {
	writeErrors(w, http.StatusBadRequest, fmt.Sprintf(format, args...))
}

func requestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// body is a request's JSON object, decoded lazily field by field, the way
// Vault's framework reads only the fields a path declares.
type body map[string]json.RawMessage

// readBody decodes the request body; an empty body is an empty object.
func readBody(r *http.Request) (body, error) {
	b := body{}
	if r.Body == nil || r.ContentLength == 0 {
		return b, nil
	}
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&b); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("failed to parse JSON input: %w", err)
	}
	return b, nil
}

// has reports whether the field is present (even if null or empty).
func (b body) has(name string) bool { _, ok := b[name]; return ok }

// str returns a string field; like Vault's TypeString it accepts numbers too.
func (b body) str(name string) (string, bool) {
	raw, ok := b[name]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	return string(raw), true
}

// int returns an int field; like Vault's TypeInt it accepts a number or a
// numeric string.
func (b body) int(name string) (int, error) {
	raw, ok := b[name]
	if !ok || string(raw) == "null" {
		return 0, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, fmt.Errorf("error converting input for field %q: not an integer", name)
		}
		n = json.Number(s)
	}
	v, err := strconv.Atoi(n.String())
	if err != nil {
		return 0, fmt.Errorf("error converting input for field %q: %s", name, err)
	}
	return v, nil
}

// bool returns a bool field (false when absent).
func (b body) bool(name string) (bool, error) {
	raw, ok := b[name]
	if !ok {
		return false, nil
	}
	var v bool
	if err := json.Unmarshal(raw, &v); err != nil {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return false, fmt.Errorf("error converting input for field %q", name)
		}
		return strconv.ParseBool(s)
	}
	return v, nil
}

// batch returns batch_input as a list of string maps, as Vault's mapstructure
// decoding does; ok is false when the field is absent or null.
func (b body) batch() (items []map[string]string, ok bool, err error) {
	raw, present := b["batch_input"]
	if !present || string(raw) == "null" {
		return nil, false, nil
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, true, fmt.Errorf("failed to parse batch input: %w", err)
	}
	return items, true, nil
}

// batchInput returns batch_input's items, answering a malformed or empty batch
// itself as Vault does (ok is then false).
func batchInput(w http.ResponseWriter, b body) (items []map[string]string, isBatch, ok bool) {
	items, isBatch, err := b.batch()
	switch {
	case err != nil:
		writeErrors(w, http.StatusInternalServerError, err.Error())
		return nil, false, false
	case isBatch && len(items) == 0:
		writeBadRequest(w, "missing batch input to process")
		return nil, false, false
	}
	return items, isBatch, true
}
