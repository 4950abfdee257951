package audit

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
)

// Parse decodes one version-1 event and accepts only its canonical bytes:
// after reading the fields in their fixed order it re-encodes the event and
// requires the result to equal b. Whatever the reader tolerates, only bytes
// that Canonical itself produces get through: one event, one spelling, one
// hash. Errors name a byte offset, never a field's value.
func Parse(b []byte) (Event, error) {
	e, err := parse(b)
	if err != nil {
		return Event{}, fmt.Errorf("audit: parse event: %w", err)
	}
	return e, nil
}

func parse(b []byte) (Event, error) {
	e, bodyAt, err := parseFields(b)
	if err != nil {
		return Event{}, err
	}
	c, err := e.appendCanonical(make([]byte, 0, len(b)), true)
	if err != nil {
		return Event{}, err
	}
	if !bytes.Equal(c, b) {
		return Event{}, fmt.Errorf("not canonical: first difference at byte %d", firstDiff(c, b))
	}
	e.Body = c[bodyAt : len(c)-1 : len(c)-1] // c is ours; no need to copy b
	return e, nil
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// parseFields reads the fields of a version-1 event in their fixed order. The
// body is returned as is (positions bodyAt to len(b)-1); Parse canonicalises
// it when re-encoding.
func parseFields(b []byte) (e Event, bodyAt int, err error) {
	if len(b) > MaxEventBytes {
		return e, 0, fmt.Errorf("%d bytes, limit %d", len(b), MaxEventBytes)
	}
	p := fieldReader{b: b}
	if !bytes.HasPrefix(b, []byte(`{"v":`)) {
		return e, 0, errors.New(`does not start with the version member {"v"`)
	}
	p.i = len(`{"v":`)
	if v := p.uint(&err); err == nil && v != 1 {
		return e, 0, fmt.Errorf("unsupported format version %d", v)
	}
	e.Seq = p.key(`seq`, &err).uint(&err)
	e.Time = p.key(`time`, &err).timestamp(&err)
	e.PrevRoot = parseRoot(p.key(`prev_root`, &err).str(&err), &err)
	e.Principal = p.key(`principal`, &err).str(&err)
	e.Role = p.key(`role`, &err).str(&err)
	e.Kind = Kind(p.key(`kind`, &err).enum(kindNames, &err))
	e.TargetType = p.key(`target_type`, &err).str(&err)
	e.TargetID = p.key(`target_id`, &err).str(&err)
	e.Outcome = Outcome(p.key(`outcome`, &err).enum(outcomeNames, &err))
	e.Decision = p.key(`decision`, &err).decision(&err)
	e.RequestID = p.key(`request_id`, &err).str(&err)
	p.key(`body`, &err)
	if err != nil {
		return Event{}, 0, err
	}
	if len(b) < p.i+2 || b[len(b)-1] != '}' {
		return Event{}, 0, errors.New(`does not end with the body and "}"`)
	}
	e.Body = b[p.i : len(b)-1]
	return e, p.i, nil
}

func parseRoot(s string, err *error) (root [32]byte) {
	if *err != nil {
		return root
	}
	if len(s) != 2*len(root) {
		*err = fmt.Errorf("prev_root has %d characters, want %d", len(s), 2*len(root))
	} else if _, herr := hex.Decode(root[:], []byte(s)); herr != nil {
		*err = errors.New("prev_root is not hex")
	}
	return root
}
