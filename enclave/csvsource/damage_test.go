package csvsource

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// TestLongLine reads a 10 MB line between two good ones: it is rejected, the
// next line is read, and memory stays far below the line's size.
func TestLongLine(t *testing.T) {
	const size = 10 << 20
	input := io.MultiReader(
		strings.NewReader("nhs,dob\n9990000018,2001-02-03\n"),
		&repeatReader{b: 'x', n: size},
		strings.NewReader("\n9990000026,2002-03-04\n"),
	)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, got := readAll(t, input, Options{})
	runtime.ReadMemStats(&after)
	want := []line{
		{n: 2, fields: []string{"9990000018", "2001-02-03"}},
		{n: 3, reason: ReasonLineTooLong},
		{n: 4, fields: []string{"9990000026", "2002-03-04"}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("records:\n%v\nwant:\n%v", got, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 3<<20 {
		t.Errorf("reading a %d-byte line allocated %d bytes, want under 3 MiB", size, alloc)
	}
}

func gzipped(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := io.WriteString(w, s); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGzip(t *testing.T) {
	t.Parallel()
	data := append(gzipped(t, "\xef\xbb\xbfa,b\n1,2\n"), gzipped(t, "3,4\n")...) // two members
	header, got := readAll(t, bytes.NewReader(data), Options{})
	want := []line{{n: 2, fields: []string{"1", "2"}}, {n: 3, fields: []string{"3", "4"}}}
	if fmt.Sprint(header, got) != fmt.Sprint([]string{"a", "b"}, want) {
		t.Errorf("got %q %v, want %v", header, got, want)
	}
}

// TestDamagedInput checks that damage after the header is a hard error from
// Next, returned again on every later call, after the intact records.
func TestDamagedInput(t *testing.T) {
	t.Parallel()
	var rows strings.Builder
	rows.WriteString("a,b\n")
	for i := range 2000 {
		fmt.Fprintf(&rows, "%d,%d\n", i, i*i)
	}
	whole := gzipped(t, rows.String())
	badSum := bytes.Clone(whole)
	badSum[len(badSum)-8] ^= 0xff // the CRC-32 in the trailer
	boom := errors.New("disk on fire")
	tests := []struct {
		name  string
		input io.Reader
		want  error
	}{
		{"truncated gzip", bytes.NewReader(whole[:len(whole)/2]), io.ErrUnexpectedEOF},
		{"gzip without its trailer", bytes.NewReader(whole[:len(whole)-4]), io.ErrUnexpectedEOF},
		{"gzip checksum", bytes.NewReader(badSum), gzip.ErrChecksum},
		{"read error", io.MultiReader(strings.NewReader(rows.String()[:5000]), iotest.ErrReader(boom)), boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Open(tt.input, Options{})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			var n int
			for {
				rec, err := r.Next()
				if err == nil {
					if rec.Reject != nil {
						t.Fatalf("line %d rejected (%s) before the damage", rec.Line, rec.Reject.Reason)
					}
					n++
					continue
				}
				if errors.Is(err, io.EOF) || !errors.Is(err, tt.want) {
					t.Fatalf("Next after %d records: error %v, want %v", n, err, tt.want)
				}
				if _, again := r.Next(); again != err {
					t.Errorf("second Next error = %v, want the same %v", again, err)
				}
				return
			}
		})
	}
}

func TestHeaderReadError(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk on fire")
	_, err := Open(io.MultiReader(strings.NewReader("a,"), iotest.ErrReader(boom)), Options{})
	if !errors.Is(err, boom) {
		t.Errorf("Open error = %v, want %v", err, boom)
	}
	_, err = Open(bytes.NewReader([]byte{0x1f, 0x8b, 8}), Options{})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Open(broken gzip header) error = %v, want unexpected EOF", err)
	}
}

// TestOneByteReads reads through a reader that returns one byte at a time,
// so that every line arrives in pieces.
func TestOneByteReads(t *testing.T) {
	t.Parallel()
	input := "a,b\r\n\"1,\"\"x\",2\r\n123456789,10\n3,4"
	_, got := readAll(t, iotest.OneByteReader(strings.NewReader(input)), Options{MaxLineBytes: 10})
	want := []line{{n: 2, fields: []string{`1,"x`, "2"}}, {n: 3, reason: ReasonLineTooLong}, {n: 4, fields: []string{"3", "4"}}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("records:\n%v\nwant:\n%v", got, want)
	}
}
