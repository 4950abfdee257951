package csvsource

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxLineBytes is the longest line accepted when Options leave it
// unset: far longer than any real record, short enough that one bad line
// cannot exhaust memory.
const DefaultMaxLineBytes = 1 << 20

// bufferSize is the read buffer; longer lines are gathered in pieces.
const bufferSize = 64 << 10

// Options configure a Reader. The zero value reads comma-separated files
// with lines of up to DefaultMaxLineBytes.
type Options struct {
	// Delimiter separates fields: one ASCII byte other than '"', CR and LF.
	// Zero means ','.
	Delimiter byte
	// MaxLineBytes is the longest line accepted, not counting its line end.
	// Zero means DefaultMaxLineBytes.
	MaxLineBytes int
}

func (o Options) normalised() (Options, error) {
	if o.Delimiter == 0 {
		o.Delimiter = ','
	}
	if o.Delimiter == '"' || o.Delimiter == '\r' || o.Delimiter == '\n' || o.Delimiter >= 0x80 {
		return o, fmt.Errorf("csvsource: delimiter %q is not allowed", o.Delimiter)
	}
	if o.MaxLineBytes == 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxLineBytes < 0 {
		return o, errors.New("csvsource: MaxLineBytes must not be negative")
	}
	return o, nil
}

// Open starts reading r: it detects gzip, skips a byte order mark and reads
// the header line. An input it cannot read a valid header from is an error:
// without its header no line can be checked.
func Open(r io.Reader, opts Options) (*Reader, error) {
	opts, err := opts.normalised()
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(r, bufferSize)
	magic, err := br.Peek(6)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("csvsource: %w", err)
	}
	if name := refused(magic); name != "" {
		return nil, fmt.Errorf("csvsource: input is %s; only plain or gzip-compressed CSV is read", name)
	}
	if bytes.HasPrefix(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("csvsource: gzip: %w", err)
		}
		br = bufio.NewReaderSize(zr, bufferSize)
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	rd := &Reader{br: br, opts: opts}
	if err := rd.readHeader(); err != nil {
		return nil, err
	}
	return rd, nil
}

// refused names the compressed or archive format magic starts with, or
// returns "" for anything else.
func refused(magic []byte) string {
	for _, f := range []struct {
		name  string
		magic string
	}{
		{"a zip archive", "PK\x03\x04"},
		{"zstd-compressed", "\x28\xb5\x2f\xfd"},
		{"xz-compressed", "\xfd7zXZ\x00"},
	} {
		if bytes.HasPrefix(magic, []byte(f.magic)) {
			return f.name
		}
	}
	if len(magic) >= 4 && string(magic[:3]) == "BZh" && '1' <= magic[3] && magic[3] <= '9' {
		return "bzip2-compressed"
	}
	return ""
}
