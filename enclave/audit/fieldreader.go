package audit

import (
	"fmt"
	"strconv"
	"time"
)

// fieldReader reads the fixed sequence of fields. Each method does nothing
// once *err is set, so parseFields reads as the format it parses.
type fieldReader struct {
	b []byte
	i int
}

// key consumes `,"name":`, naming the field it found instead when the order
// is wrong or the field is unknown.
func (p *fieldReader) key(name string, err *error) *fieldReader {
	if *err != nil {
		return p
	}
	// Compare piecewise: building `,"name":` would allocate on every field.
	rest := p.b[p.i:]
	if n := len(name); len(rest) >= n+4 && rest[0] == ',' && rest[1] == '"' &&
		string(rest[2:2+n]) == name && rest[2+n] == '"' && rest[3+n] == ':' {
		p.i += n + 4
		return p
	}
	if len(rest) > 0 && rest[0] == ',' {
		if got, _, rerr := readString(p.b, p.i+1); rerr == nil {
			*err = fmt.Errorf("byte %d: field %q where %q belongs (fields have a fixed order; unknown fields are not allowed)", p.i+1, got, name)
			return p
		}
	}
	*err = fmt.Errorf("byte %d: want field %q", p.i, name)
	return p
}

func (p *fieldReader) str(err *error) string {
	if *err != nil {
		return ""
	}
	s, next, rerr := readString(p.b, p.i)
	p.i, *err = next, rerr
	return string(s)
}

// enum reads a string that is usually one of known, returning the constant
// itself so that the common case does not allocate.
func (p *fieldReader) enum(known []string, err *error) string {
	if *err != nil {
		return ""
	}
	s, next, rerr := readString(p.b, p.i)
	p.i, *err = next, rerr
	for _, k := range known {
		if string(s) == k {
			return k
		}
	}
	return string(s)
}

func (p *fieldReader) timestamp(err *error) time.Time {
	if *err != nil {
		return time.Time{}
	}
	s, next, rerr := readString(p.b, p.i)
	if rerr != nil {
		p.i, *err = next, rerr
		return time.Time{}
	}
	t, terr := parseTime(s)
	p.i, *err = next, terr
	return t
}

func (p *fieldReader) uint(err *error) uint64 {
	if *err != nil {
		return 0
	}
	start := p.i
	for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
		p.i++
	}
	v, perr := strconv.ParseUint(string(p.b[start:p.i]), 10, 64)
	if perr != nil {
		*err = fmt.Errorf("byte %d: want an unsigned integer", start)
	}
	return v
}

func (p *fieldReader) literal(lit string) bool {
	if end := p.i + len(lit); end <= len(p.b) && string(p.b[p.i:end]) == lit {
		p.i += len(lit)
		return true
	}
	return false
}

// decision reads null or {"allow":B,"reasons":[S,...],"revision":S}.
func (p *fieldReader) decision(err *error) *Decision {
	if *err != nil || p.literal("null") {
		return nil
	}
	if !p.literal(`{"allow":`) {
		*err = fmt.Errorf("byte %d: decision must be null or an object", p.i)
		return nil
	}
	d := &Decision{Allow: p.literal("true")}
	if !d.Allow && !p.literal("false") {
		*err = fmt.Errorf("byte %d: allow must be true or false", p.i)
		return nil
	}
	if !p.literal(`,"reasons":[`) {
		*err = fmt.Errorf("byte %d: want decision reasons", p.i)
		return nil
	}
	for !p.literal("]") && *err == nil {
		if len(d.Reasons) > 0 && !p.literal(",") {
			*err = fmt.Errorf("byte %d: want ',' or ']' in reasons", p.i)
			return nil
		}
		d.Reasons = append(d.Reasons, p.str(err))
	}
	if *err == nil && !p.literal(`,"revision":`) {
		*err = fmt.Errorf("byte %d: want decision revision", p.i)
	}
	d.Revision = p.str(err)
	if *err == nil && !p.literal("}") {
		*err = fmt.Errorf("byte %d: want '}' after decision", p.i)
	}
	return d
}
