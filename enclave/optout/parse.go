package optout

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"hash"
	"io"

	"github.com/research-enclave/enclave/pseudonym"
)

// Options bound a parse. Zero fields take the defaults.
type Options struct {
	// AllowSynthetic accepts numbers in the 999 test range (the dev key).
	AllowSynthetic bool
	MaxLineBytes   int   // longest line read, terminator excluded; default 1024
	MaxBytes       int64 // largest content after gunzip; default 4 GiB
	MaxListed      int   // invalid lines listed by number; default 1000
}

// The defaults of Options.
const (
	DefaultMaxLineBytes = 1024
	DefaultMaxBytes     = 4 << 30
	DefaultMaxListed    = 1000
)

// Parser streams the valid NHS numbers of an opt-out file, counting and
// listing the invalid lines. Use it like bufio.Scanner:
//
//	p := optout.NewParser(r, optout.Options{})
//	for p.Next() {
//		use(p.Number())
//	}
//	if err := p.Err(); err != nil { ... }
//	sum := p.Summary()
type Parser struct {
	in      io.Reader
	opts    Options
	lines   *bufio.Reader
	hash    hash.Hash
	sum     Summary
	num     pseudonym.NHSNumber
	err     error
	started bool
	content bool // a non-blank line has been read (a header may come only first)
	done    bool
}

// NewParser returns a parser of the file read from r. Nothing is read until
// the first call of Next.
func NewParser(r io.Reader, opts Options) *Parser {
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = DefaultMaxLineBytes
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxListed <= 0 {
		opts.MaxListed = DefaultMaxListed
	}
	return &Parser{in: r, opts: opts, hash: sha256.New()}
}

// Next advances to the next valid number. It returns false at the end of the
// file or on a file-level error (see Err).
func (p *Parser) Next() bool {
	if p.done {
		return false
	}
	if !p.started {
		p.started = true
		if err := p.start(); err != nil {
			return p.fail(err)
		}
	}
	for {
		line, tooLong, err := p.readLine()
		if err == io.EOF {
			p.done = true
			p.hash.Sum(p.sum.SHA256[:0])
			return false
		}
		if err != nil {
			return p.fail(err)
		}
		p.sum.Lines++
		if p.sum.Lines == 1 {
			line = bytes.TrimPrefix(line, []byte("\xEF\xBB\xBF"))
		}
		if tooLong {
			p.content = true
			p.sum.invalid(p.sum.Lines, ReasonLineTooLong, p.opts.MaxListed)
			continue
		}
		if p.number(line) {
			return true
		}
	}
}

// asciiSpace is what is trimmed around a line and its first field: ASCII
// whitespace only, like pseudonym.ParseNHSNumber.
const asciiSpace = " \t\r\n\v\f"

// number reads one line; it reports whether the line held a valid number.
func (p *Parser) number(line []byte) bool {
	line = bytes.Trim(line, asciiSpace)
	if len(line) == 0 {
		p.sum.Blank++
		return false
	}
	field := line
	if i := bytes.IndexByte(field, ','); i >= 0 {
		field = bytes.Trim(field[:i], asciiSpace)
	}
	if len(field) >= 2 && field[0] == '"' && field[len(field)-1] == '"' {
		field = field[1 : len(field)-1]
	}
	if !p.content {
		p.content = true
		if bytes.EqualFold(field, []byte("nhs_number")) {
			p.sum.Header = true
			return false
		}
	}
	n, err := pseudonym.ParseNHSNumber(string(field))
	switch {
	case err != nil:
		p.sum.invalid(p.sum.Lines, pseudonym.Reason(err), p.opts.MaxListed)
		return false
	case n.Synthetic() && !p.opts.AllowSynthetic:
		p.sum.invalid(p.sum.Lines, ReasonSynthetic, p.opts.MaxListed)
		return false
	}
	if n.Synthetic() {
		p.sum.Synthetic++
	}
	p.sum.Numbers++
	p.num = n
	return true
}

// Number is the number Next advanced to.
func (p *Parser) Number() pseudonym.NHSNumber { return p.num }

// Err is the file-level error that stopped the parse: an *Error, or a read
// error of the underlying reader, wrapped. It is nil at a clean end.
func (p *Parser) Err() error { return p.err }

// Summary describes the file so far; it is complete once Next has returned
// false and Err is nil.
func (p *Parser) Summary() Summary { return p.sum }

func (p *Parser) fail(err error) bool {
	p.done, p.err, p.num = true, err, pseudonym.NHSNumber{}
	return false
}
