package audit

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Columns are the copies of an event that a store keeps beside its
// canonical bytes, for searching and for reading with SQL: the leaf hash
// (which proofs are built from), one column per searchable field, and the
// whole event again as JSON (jsonb in PostgreSQL). Only the canonical bytes
// are hashed and signed, so a copy proves nothing by itself: CheckColumns
// compares every copy with the bytes they were made from. The JSON names are
// those of the export that `audit verify` compares (GET /v1/audit/columns).
type Columns struct {
	Seq        uint64    `json:"seq"`
	LeafHash   string    `json:"leaf_hash"` // lower-case hex
	RecordedAt time.Time `json:"recorded_at"`
	Principal  string    `json:"principal_id"`
	Role       string    `json:"role"`
	Kind       string    `json:"kind"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	Outcome    string    `json:"outcome"`
	// Event is the jsonb copy of the whole event. An export may leave it
	// out when the store itself found it equal to the canonical bytes (in
	// PostgreSQL, jsonb equality with the bytes parsed again), rather than
	// send every event twice: CheckColumns compares it only when present.
	Event json.RawMessage `json:"event,omitempty"`
}

// AppendJSON appends c as one line of the columns export: the JSON the
// field tags describe, written directly, because an export writes one per
// event.
func (c Columns) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"seq":`...)
	dst = strconv.AppendUint(dst, c.Seq, 10)
	for _, f := range []struct{ name, value string }{
		{"leaf_hash", c.LeafHash}, {"recorded_at", c.RecordedAt.UTC().Format(time.RFC3339Nano)},
		{"principal_id", c.Principal}, {"role", c.Role}, {"kind", c.Kind},
		{"target_type", c.TargetType}, {"target_id", c.TargetID}, {"outcome", c.Outcome},
	} {
		dst = append(append(append(dst, ',', '"'), f.name...), '"', ':')
		dst = appendString(dst, f.value)
	}
	if len(c.Event) > 0 {
		dst = append(append(dst, `,"event":`...), c.Event...)
	}
	return append(dst, '}')
}

// ColumnError names an event whose stored copy disagrees with its
// canonical bytes, and the copy that does.
type ColumnError struct {
	Seq    uint64
	Column string // the column's name in the store: "principal_id", "event", ...
	Reason string
}

func (e *ColumnError) Error() string {
	return fmt.Sprintf("event %d: column %s does not match the event's canonical bytes: %s", e.Seq, e.Column, e.Reason)
}

// CheckColumns compares the stored copies c with e, the event parsed from
// canonical (the bytes that were hashed). It returns a *ColumnError naming
// the first copy that differs, in the order of the Columns fields. The
// jsonb copy is compared by value, when c holds it.
func CheckColumns(canonical []byte, e Event, c Columns) error {
	return checkColumns(canonical, LeafHash(canonical), e, c)
}

// checkColumns is CheckColumns with the event's leaf hash computed already.
func checkColumns(canonical []byte, leaf [32]byte, e Event, c Columns) error {
	fail := func(column, format string, args ...any) error {
		return &ColumnError{Seq: e.Seq, Column: column, Reason: fmt.Sprintf(format, args...)}
	}
	if c.Seq != e.Seq {
		return fail("seq", "the row is numbered %d, the event %d", c.Seq, e.Seq)
	}
	if want := hex.EncodeToString(leaf[:]); c.LeafHash != want {
		return fail("leaf_hash", "it is %.16s... but the canonical bytes hash to %.16s...: the event or its leaf hash was changed", c.LeafHash, want)
	}
	if !c.RecordedAt.Equal(e.Time) {
		return fail("recorded_at", "it is %s, the event says %s", c.RecordedAt.UTC().Format(timeLayout), e.Time.UTC().Format(timeLayout))
	}
	for _, f := range []struct{ column, got, want string }{
		{"principal_id", c.Principal, e.Principal},
		{"role", c.Role, e.Role},
		{"kind", c.Kind, string(e.Kind)},
		{"target_type", c.TargetType, e.TargetType},
		{"target_id", c.TargetID, e.TargetID},
		{"outcome", c.Outcome, string(e.Outcome)},
	} {
		if f.got != f.want {
			return fail(f.column, "it is %s, the event says %s", quoteShort(f.got), quoteShort(f.want))
		}
	}
	if len(c.Event) == 0 {
		return nil // compared by the store
	}
	if path, ok := sameJSON(c.Event, canonical); !ok {
		return fail("event", "the jsonb copy differs at %s", path)
	}
	return nil
}

// quoteShort quotes s for a message, cut to 64 bytes.
func quoteShort(s string) string {
	if len(s) > 64 {
		return fmt.Sprintf("%q...", s[:64])
	}
	return fmt.Sprintf("%q", s)
}

// sameJSON reports whether two JSON documents hold the same value: objects
// with the same members (in any order), arrays with the same elements in the
// same order, the same strings, and numbers of the same value however they
// are written (jsonb writes 1e3 as 1000). When they differ it returns the
// path of the first difference found, such as "body.suppressed".
func sameJSON(a, b []byte) (string, bool) {
	// Most copies are the very bytes in another spelling: canonicalised,
	// they are equal, and decoding them is not needed.
	ca, errA := appendCanonicalBody(nil, a)
	cb, errB := appendCanonicalBody(nil, b)
	if errA == nil && errB == nil && bytes.Equal(ca, cb) {
		return "", true
	}
	va, errA := decodeJSON(a)
	vb, errB := decodeJSON(b)
	if errA != nil || errB != nil {
		return "the top level (not one JSON value)", false
	}
	return sameValue("", va, vb)
}

func decodeJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("more than one value")
	}
	return v, nil
}
