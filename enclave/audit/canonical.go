package audit

import (
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// Canonical returns the version-1 encoding of e: the bytes that are hashed
// into the log. The layout is documented byte by byte in doc.go and frozen by
// testdata/audit/v1_fixture.ndjson; never change it.
func (e Event) Canonical() ([]byte, error) {
	b, err := e.appendCanonical(make([]byte, 0, 320+len(e.Body)), false)
	if err != nil {
		return nil, fmt.Errorf("audit: encode event: %w", err)
	}
	return b, nil
}

// appendCanonical encodes e. Parsing (re-encoding what was read) accepts any
// well-formed kind, so that a verifier built before a kind was added still
// verifies logs that hold it; encoding a new event accepts known kinds only.
func (e Event) appendCanonical(dst []byte, parsing bool) ([]byte, error) {
	if err := e.validate(parsing); err != nil {
		return nil, err
	}
	begin := len(dst)
	dst = append(dst, canonicalPrefix+`"seq":`...)
	dst = strconv.AppendUint(dst, e.Seq, 10)
	dst = append(dst, `,"time":"`...)
	dst = appendTime(dst, e.Time)
	dst = append(dst, `","prev_root":"`...)
	dst = hex.AppendEncode(dst, e.PrevRoot[:])
	dst = append(dst, `","principal":`...)
	dst = appendString(dst, e.Principal)
	dst = append(dst, `,"role":`...)
	dst = appendString(dst, e.Role)
	dst = append(dst, `,"kind":`...)
	dst = appendString(dst, string(e.Kind))
	dst = append(dst, `,"target_type":`...)
	dst = appendString(dst, e.TargetType)
	dst = append(dst, `,"target_id":`...)
	dst = appendString(dst, e.TargetID)
	dst = append(dst, `,"outcome":`...)
	dst = appendString(dst, string(e.Outcome))
	dst = append(dst, `,"decision":`...)
	dst = appendDecision(dst, e.Decision)
	dst = append(dst, `,"request_id":`...)
	dst = appendString(dst, e.RequestID)
	dst = append(dst, `,"body":`...)
	start := len(dst)
	dst, err := appendCanonicalBody(dst, e.Body)
	if err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	if n := len(dst) - start; n > MaxBodyBytes {
		return nil, fmt.Errorf("body is %d bytes, limit %d", n, MaxBodyBytes)
	}
	if dst = append(dst, '}'); len(dst)-begin > MaxEventBytes {
		return nil, fmt.Errorf("event is %d bytes, limit %d", len(dst)-begin, MaxEventBytes)
	}
	return dst, nil
}

func appendDecision(dst []byte, d *Decision) []byte {
	if d == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, `{"allow":`...)
	dst = strconv.AppendBool(dst, d.Allow)
	dst = append(dst, `,"reasons":[`...)
	for i, r := range d.Reasons {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, r)
	}
	dst = append(dst, `],"revision":`...)
	dst = appendString(dst, d.Revision)
	return append(dst, '}')
}

// validate rejects what the format cannot carry faithfully (invalid UTF-8
// would be altered by any JSON reader) and what an audit record must not be
// (an unknown kind, an undated event, an oversized id).
// kindPattern is the shape of every kind, known or yet to come.
var kindPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)

func (e Event) validate(parsing bool) error {
	if e.Time.IsZero() {
		return errors.New("time is zero")
	}
	if y := e.Time.UTC().Year(); y < 1 || y > 9999 {
		return fmt.Errorf("time year %d outside 1..9999", y)
	}
	switch {
	case parsing && !kindPattern.MatchString(string(e.Kind)):
		return fmt.Errorf("malformed kind %q", e.Kind)
	case !parsing && !e.Kind.Valid():
		return fmt.Errorf("unknown kind %q", e.Kind)
	}
	if !e.Outcome.Valid() {
		return fmt.Errorf("unknown outcome %q", e.Outcome)
	}
	err := errors.Join(
		checkText("principal", e.Principal),
		checkText("role", e.Role),
		checkText("target_type", e.TargetType),
		checkText("target_id", e.TargetID),
		checkText("request_id", e.RequestID),
	)
	if err != nil || e.Decision == nil {
		return err
	}
	if n := len(e.Decision.Reasons); n > MaxReasons {
		return fmt.Errorf("decision has %d reasons, limit %d", n, MaxReasons)
	}
	for _, r := range e.Decision.Reasons {
		if err := checkText("decision reason", r); err != nil {
			return err
		}
	}
	return checkText("decision revision", e.Decision.Revision)
}

func checkText(field, v string) error {
	if len(v) > MaxIDBytes {
		return fmt.Errorf("%s is %d bytes, limit %d", field, len(v), MaxIDBytes)
	}
	if !utf8.ValidString(v) {
		return fmt.Errorf("%s is not valid UTF-8", field)
	}
	return nil
}
