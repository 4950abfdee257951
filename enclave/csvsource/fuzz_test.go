package csvsource

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReader checks that any input either fails to open or reads to the end
// without panicking, every record is whole or rejected, line numbers rise,
// and accepted fields survive writing out and reading back.
func FuzzReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a\r\n\"x\"\"y\"\r\n", "a,b\n\"1\n2\"\n", "a\n\xff\n\x00\n", "\xef\xbb\xbfa;b\n1;2", "a,b\n,\n,,\n"} {
		f.Add([]byte(s), byte(','), uint8(8))
	}
	f.Add(gzipped(f, "a,b\n1,2\n"), byte(';'), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, delim byte, limit uint8) {
		r, err := Open(bytes.NewReader(data), Options{Delimiter: delim, MaxLineBytes: int(limit)})
		if err != nil {
			if r != nil {
				t.Fatal("Open returned a Reader with its error")
			}
			return
		}
		header := r.Header()
		prev := 1
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
					t.Fatalf("hard error %v reading plain input", err)
				}
				return
			}
			if rec.Line <= prev {
				t.Fatalf("line %d after line %d", rec.Line, prev)
			}
			prev = rec.Line
			if rec.Reject != nil {
				if rec.Fields != nil || rec.Reject.Line != rec.Line {
					t.Fatalf("reject %+v with fields %q on line %d", rec.Reject, rec.Fields, rec.Line)
				}
				continue
			}
			if len(rec.Fields) != len(header) {
				t.Fatalf("line %d: %d fields, header has %d", rec.Line, len(rec.Fields), len(header))
			}
			roundTrip(t, rec.Fields, r.opts.Delimiter)
		}
	})
}

// roundTrip writes fields with encoding/csv and splits the line again.
func roundTrip(t *testing.T, fields []string, delim byte) {
	for _, v := range fields {
		if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 || strings.IndexByte(v, '\n') >= 0 {
			t.Fatalf("accepted field %q", v)
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = rune(delim)
	if err := w.Write(fields); err != nil {
		return // encoding/csv refuses some delimiters we accept
	}
	w.Flush()
	line := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	buf, ends, ok := splitFields(line, delim, nil, nil)
	if !ok {
		t.Fatalf("fields %q written as %q do not split again", fields, line)
	}
	got, start := make([]string, len(ends)), 0
	for i, end := range ends {
		got[i], start = string(buf[start:end]), end
	}
	if !slices.Equal(got, fields) {
		t.Fatalf("fields %q written as %q split into %q", fields, line, got)
	}
}
