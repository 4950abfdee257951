package audit

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// appendCanonicalBody appends the canonical form of the JSON object raw
// (an empty raw stands for {}): no insignificant whitespace, object keys
// sorted by their UTF-8 bytes at every depth, strings re-escaped by
// appendString, numbers copied exactly as written. Duplicate keys and lone
// surrogates are errors, because any choice between readings would let two
// parties see different bodies under the same hash.
func appendCanonicalBody(dst, raw []byte) ([]byte, error) {
	if len(raw) == 0 {
		return append(dst, "{}"...), nil
	}
	if len(raw) > MaxEventBytes {
		return nil, fmt.Errorf("%d bytes, limit %d", len(raw), MaxEventBytes)
	}
	if !utf8.Valid(raw) {
		return nil, errors.New("not valid UTF-8")
	}
	c := canonicaliser{b: raw}
	c.space()
	if c.i >= len(raw) || raw[c.i] != '{' {
		return nil, errors.New("not a JSON object")
	}
	dst, err := c.value(dst, 0)
	if err != nil {
		return nil, err
	}
	if c.space(); c.i != len(raw) {
		return nil, fmt.Errorf("byte %d: data after the object", c.i)
	}
	return dst, nil
}

type canonicaliser struct {
	b []byte
	i int
}

func (c *canonicaliser) space() {
	for c.i < len(c.b) && (c.b[c.i] == ' ' || c.b[c.i] == '\t' || c.b[c.i] == '\n' || c.b[c.i] == '\r') {
		c.i++
	}
}

// expect consumes optional whitespace and then the byte want.
func (c *canonicaliser) expect(want byte) error {
	if c.space(); c.i >= len(c.b) || c.b[c.i] != want {
		return fmt.Errorf("byte %d: want %q", c.i, want)
	}
	c.i++
	return nil
}

func (c *canonicaliser) value(dst []byte, depth int) ([]byte, error) {
	if c.space(); c.i >= len(c.b) {
		return nil, fmt.Errorf("byte %d: unexpected end", c.i)
	}
	switch ch := c.b[c.i]; {
	case ch == '{' || ch == '[':
		if depth >= maxBodyDepth {
			return nil, fmt.Errorf("byte %d: nested deeper than %d", c.i, maxBodyDepth)
		}
		if ch == '{' {
			return c.object(dst, depth+1)
		}
		return c.array(dst, depth+1)
	case ch == '"':
		s, next, err := readString(c.b, c.i)
		if err != nil {
			return nil, err
		}
		c.i = next
		return appendString(dst, s), nil
	case ch == '-' || '0' <= ch && ch <= '9':
		return c.number(dst)
	}
	for _, lit := range []string{"true", "false", "null"} {
		if end := c.i + len(lit); end <= len(c.b) && string(c.b[c.i:end]) == lit {
			c.i += len(lit)
			return append(dst, lit...), nil
		}
	}
	return nil, fmt.Errorf("byte %d: invalid JSON value", c.i)
}

// number copies a JSON number as written, after checking its grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (c *canonicaliser) number(dst []byte) ([]byte, error) {
	b, start := c.b, c.i
	i := start
	if b[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return nil, fmt.Errorf("byte %d: invalid number", start)
	}
	if i < len(b) && b[i] == '.' {
		if i++; digits() == 0 {
			return nil, fmt.Errorf("byte %d: invalid number", start)
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return nil, fmt.Errorf("byte %d: invalid number", start)
		}
	}
	c.i = i
	return append(dst, b[start:i]...), nil
}
