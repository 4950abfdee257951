package csvsource

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

// line is what the tests expect of one record: fields, or a reject reason.
type line struct {
	n      int
	fields []string
	reason Reason
}

// readAll opens input and reads every record, failing on a hard error.
func readAll(t *testing.T, input io.Reader, opts Options) ([]string, []line) {
	t.Helper()
	r, err := Open(input, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var got []line
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.Header(), got
		}
		if err != nil {
			t.Fatalf("Next after %d records: %v", len(got), err)
		}
		got = append(got, record(rec))
	}
}

func record(rec Record) line {
	l := line{n: rec.Line, fields: append([]string(nil), rec.Fields...)}
	if rec.Reject != nil {
		l.reason = rec.Reject.Reason
		if rec.Reject.Line != rec.Line {
			l.n = -1 // mismatched line numbers fail the comparison
		}
	}
	return l
}

func (l line) String() string {
	if l.reason != "" {
		return fmt.Sprintf("line %d: reject %s", l.n, l.reason)
	}
	return fmt.Sprintf("line %d: %q", l.n, l.fields)
}

// repeatReader yields n copies of b without holding them.
type repeatReader struct {
	b byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range k {
		p[i] = r.b
	}
	r.n -= k
	return k, nil
}
