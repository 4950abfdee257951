package csvsource

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// readLine reads the next physical line and returns it without its line
// end. The returned slice is valid until the next call. A line longer than
// MaxLineBytes is read to its end in buffer-sized pieces but never held
// whole: tooLong is set and line is nil. At the end of the input readLine
// returns io.EOF; any other error is a hard error naming the line.
func (r *Reader) readLine() (line []byte, tooLong bool, err error) {
	limit := r.opts.MaxLineBytes + len("\r\n")
	r.raw = r.raw[:0]
	started := false
	for {
		chunk, err := r.br.ReadSlice('\n')
		started = started || len(chunk) > 0
		if !tooLong {
			if len(r.raw)+len(chunk) > limit {
				tooLong, r.raw = true, r.raw[:0]
			} else {
				r.raw = append(grow(r.raw, len(chunk), limit), chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && !started:
			return nil, false, io.EOF
		case err != nil && err != io.EOF:
			return nil, false, fmt.Errorf("csvsource: reading line %d: %w", r.line+1, err)
		}
		r.line++
		if tooLong {
			return nil, true, nil
		}
		return r.trimEnd()
	}
}

// trimEnd removes the line end (LF or CRLF) from the line just read and
// applies the length limit to what is left.
func (r *Reader) trimEnd() ([]byte, bool, error) {
	line := r.raw
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) > r.opts.MaxLineBytes {
		return nil, true, nil
	}
	return line, false, nil
}

// grow makes room for n more bytes in b, doubling its capacity but never
// beyond limit, so that a line near the limit costs about twice the limit
// in allocations, once.
func grow(b []byte, n, limit int) []byte {
	if len(b)+n <= cap(b) {
		return b
	}
	c := min(max(2*cap(b), len(b)+n), limit)
	return append(make([]byte, 0, c), b...)
}

// noHeader turns the end of an empty input into a clear error.
func noHeader(err error) error {
	if err == io.EOF {
		return errors.New("csvsource: input is empty: there is no header line")
	}
	return err
}
