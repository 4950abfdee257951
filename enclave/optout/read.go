package optout

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// start recognises gzip by its magic bytes and stacks the readers: input,
// gunzip, size cap, hash, line buffer.
func (p *Parser) start() error {
	raw := bufio.NewReader(p.in)
	var content io.Reader = raw
	if magic, _ := raw.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		p.sum.Gzip = true
		gz, err := gzip.NewReader(raw)
		if err != nil {
			return p.readError(err)
		}
		content = gz
	}
	content = io.TeeReader(&capReader{r: content, left: p.opts.MaxBytes}, p.hash)
	p.lines = bufio.NewReaderSize(content, max(64<<10, p.opts.MaxLineBytes+2))
	if bom, err := p.lines.Peek(2); err == nil && (bytes.Equal(bom, []byte{0xff, 0xfe}) || bytes.Equal(bom, []byte{0xfe, 0xff})) {
		return ErrEncoding
	} else if err != nil && err != io.EOF {
		return p.readError(err)
	}
	return nil
}

// readLine returns the next line without its terminator, with tooLong set
// when it exceeds MaxLineBytes (the excess is skipped, never buffered), and
// io.EOF after the last line.
func (p *Parser) readLine() (line []byte, tooLong bool, err error) {
	line, err = p.lines.ReadSlice('\n')
	for errors.Is(err, bufio.ErrBufferFull) {
		tooLong = true
		_, err = p.lines.ReadSlice('\n')
	}
	switch {
	case err == io.EOF && len(line) == 0 && !tooLong:
		return nil, false, io.EOF
	case err != nil && err != io.EOF:
		return nil, false, p.readError(err)
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, tooLong || len(line) > p.opts.MaxLineBytes, nil
}

// readError classifies an error from below the line reader.
func (p *Parser) readError(err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, ErrTooLarge):
		return ErrTooLarge
	case p.sum.Gzip && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) ||
		errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt)):
		return ErrGzip
	}
	return fmt.Errorf("read the opt-out file at line %d: %w", p.sum.Lines+1, err)
}

// capReader fails with ErrTooLarge once more than left bytes are read.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(b []byte) (int, error) {
	if c.left <= 0 {
		var probe [1]byte
		n, err := c.r.Read(probe[:])
		if n > 0 {
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(b)) > c.left {
		b = b[:c.left]
	}
	n, err := c.r.Read(b)
	c.left -= int64(n)
	return n, err
}
