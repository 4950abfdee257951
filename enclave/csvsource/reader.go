package csvsource

import (
	"bufio"
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Reader reads the records of one CSV input. It is not safe for concurrent
// use.
type Reader struct {
	br     *bufio.Reader
	opts   Options
	header []string
	line   int   // physical line number of the line last read
	err    error // sticky hard error

	raw    []byte   // the current line, up to MaxLineBytes+2 bytes
	buf    []byte   // the current record's unquoted field bytes
	ends   []int    // end offset of each field in buf
	fields []string // returned to the caller, reused
}

// Record is one line of the input: its fields, or why it was skipped.
type Record struct {
	// Line is the physical line number the record is on (the header is 1).
	Line int
	// Fields has one value per header column, or is nil when Reject is set.
	// The slice is reused by the next call to Next; the strings are not, and
	// may be kept.
	Fields []string
	// Reject is set when the line breaks a rule and was skipped.
	Reject *Reject
}

// Header returns a copy of the column names from the first line.
func (r *Reader) Header() []string {
	return append([]string(nil), r.header...)
}

// Next returns the next record. At the end of the input it returns io.EOF. A
// line that breaks a rule is returned as a Record with Reject set and a nil
// error. Any other error means the input is damaged or unreadable: the
// caller must abandon the load. Once Next has returned an error it returns
// the same error on every later call.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	for {
		line, tooLong, err := r.readLine()
		if err != nil {
			r.err = err
			return Record{}, err
		}
		if tooLong {
			return r.reject(ReasonLineTooLong), nil
		}
		if len(line) == 0 {
			continue
		}
		fields, reason := r.split(line)
		if reason != "" {
			return r.reject(reason), nil
		}
		if len(fields) != len(r.header) {
			return r.reject(ReasonColumns), nil
		}
		return Record{Line: r.line, Fields: fields}, nil
	}
}

func (r *Reader) reject(reason Reason) Record {
	return Record{Line: r.line, Reject: &Reject{Line: r.line, Reason: reason}}
}

// readHeader reads and checks line 1. Header problems are errors, not
// rejects, and name columns by position only: a file without a header has
// a data row (identifiers) in its place.
func (r *Reader) readHeader() error {
	line, tooLong, err := r.readLine()
	switch {
	case err != nil:
		return noHeader(err)
	case tooLong:
		return headerError(ReasonLineTooLong)
	case len(line) == 0:
		return fmt.Errorf("csvsource: header (line 1) is empty")
	}
	fields, reason := r.split(line)
	if reason != "" {
		return headerError(reason)
	}
	first := make(map[string]int, len(fields))
	for i, name := range fields {
		if name == "" {
			return fmt.Errorf("csvsource: header (line 1): column %d has no name", i+1)
		}
		if j, dup := first[name]; dup {
			return fmt.Errorf("csvsource: header (line 1): column %d has the same name as column %d", i+1, j+1)
		}
		first[name] = i
	}
	r.header = append([]string(nil), fields...)
	return nil
}

func headerError(reason Reason) error {
	return fmt.Errorf("csvsource: header (line 1): %s (%s)", reason.text(), reason)
}

// split checks the line's encoding and splits it into fields.
func (r *Reader) split(line []byte) ([]string, Reason) {
	if !utf8.Valid(line) || bytes.IndexByte(line, 0) >= 0 {
		return nil, ReasonEncoding
	}
	var ok bool
	r.buf, r.ends, ok = splitFields(line, r.opts.Delimiter, r.buf[:0], r.ends[:0])
	if !ok {
		return nil, ReasonSyntax
	}
	s := string(r.buf) // one allocation per record; fields share it
	r.fields = r.fields[:0]
	start := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, s[start:end])
		start = end
	}
	return r.fields, ""
}
