package audit

import (
	"bytes"
	"fmt"
	"slices"
)

// array encodes a JSON array; element order is meaning, so it is kept.
func (c *canonicaliser) array(dst []byte, depth int) ([]byte, error) {
	c.i++ // '['
	dst = append(dst, '[')
	if c.space(); c.i < len(c.b) && c.b[c.i] == ']' {
		c.i++
		return append(dst, ']'), nil
	}
	for n := 0; ; n++ {
		if n > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = c.value(dst, depth); err != nil {
			return nil, err
		}
		if c.space(); c.i < len(c.b) && c.b[c.i] == ']' {
			c.i++
			return append(dst, ']'), nil
		}
		if err := c.expect(','); err != nil {
			return nil, err
		}
	}
}

// member is one encoded "key":value pair at dst[start:end].
type member struct {
	key        []byte // decoded
	start, end int
}

// object encodes members in input order, which is already sorted when the
// input is canonical (the common case when verifying), and only reorders the
// encoded bytes when it is not.
func (c *canonicaliser) object(dst []byte, depth int) ([]byte, error) {
	c.i++ // '{'
	dst = append(dst, '{')
	if c.space(); c.i < len(c.b) && c.b[c.i] == '}' {
		c.i++
		return append(dst, '}'), nil
	}
	first := len(dst)
	var members []member
	sorted := true
	for {
		c.space()
		key, next, err := readString(c.b, c.i)
		if err != nil {
			return nil, err
		}
		c.i = next
		if err := c.expect(':'); err != nil {
			return nil, err
		}
		if len(members) > 0 {
			dst = append(dst, ',')
			sorted = sorted && bytes.Compare(members[len(members)-1].key, key) < 0
		}
		start := len(dst)
		dst = append(appendString(dst, key), ':')
		if dst, err = c.value(dst, depth); err != nil {
			return nil, err
		}
		members = append(members, member{key, start, len(dst)})
		if c.space(); c.i < len(c.b) && c.b[c.i] == '}' {
			c.i++
			break
		}
		if err := c.expect(','); err != nil {
			return nil, err
		}
	}
	if !sorted {
		if err := reorder(dst[first:], members, first); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}

// reorder rewrites the encoded members in buf (which starts at offset base of
// the members' positions) in key order. The length does not change.
func reorder(buf []byte, members []member, base int) error {
	slices.SortFunc(members, func(a, b member) int { return bytes.Compare(a.key, b.key) })
	out := make([]byte, 0, len(buf))
	for i, m := range members {
		if i > 0 {
			if bytes.Equal(members[i-1].key, m.key) {
				return fmt.Errorf("duplicate key %q", m.key)
			}
			out = append(out, ',')
		}
		out = append(out, buf[m.start-base:m.end-base]...)
	}
	copy(buf, out)
	return nil
}
