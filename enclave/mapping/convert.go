package mapping

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// copyValue converts a non-empty, already recoded cell to the target's Go
// type: int64, float64, bool, or string for code and text.
func (c *column) copyValue(v string) (any, Reason) {
	switch c.typ {
	case catalogue.TypeInteger:
		i, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, ReasonInteger
		}
		return i, ""
	case catalogue.TypeNumber:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || !isDecimal(v) || math.IsInf(f, 0) {
			return nil, ReasonNumber
		}
		return f, ""
	case catalogue.TypeBoolean:
		switch v {
		case "true":
			return true, ""
		case "false":
			return false, ""
		}
		return nil, ReasonBoolean
	}
	return c.rule.check(v)
}

// check returns the value, boxed once at load when the values are listed,
// or the reason it is refused.
func (r *textRule) check(v string) (any, Reason) {
	if r.allowed != nil {
		if b, ok := r.allowed[v]; ok {
			return b, ""
		}
		return nil, ReasonCodeUnknown
	}
	if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
		return nil, ReasonEncoding
	}
	if !r.matches(v) {
		return nil, ReasonCodePattern
	}
	return v, ""
}

// matches reports whether v matches every pattern.
func (r *textRule) matches(v string) bool {
	for _, re := range r.patterns {
		if !re.MatchString(v) {
			return false
		}
	}
	return true
}

// isDecimal reports whether s is plain decimal notation with an optional
// exponent, as the catalogue requires of numbers: no hexadecimal,
// underscores, Inf or NaN, which strconv.ParseFloat would accept.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' }

// trim removes leading and trailing spaces and tabs from a cell.
func trim(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// normalPostcode writes s into buf in upper case without spaces and
// reports its length and whether it has the shape of a UK postcode: an
// outward code (A9, A99, A9A, AA9, AA99 or AA9A) and an inward code (9AA).
func normalPostcode(s string, buf *[8]byte) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case !isLetter(c) && !isDigit(c):
			return 0, false
		}
		if n == len(buf) {
			return 0, false
		}
		buf[n] = c
		n++
	}
	if n < 5 || n > 7 {
		return 0, false
	}
	in, out := buf[n-3:n], buf[:n-3]
	if !isDigit(in[0]) || !isLetter(in[1]) || !isLetter(in[2]) || !isLetter(out[0]) {
		return 0, false
	}
	rest := out[1:]
	if isLetter(rest[0]) {
		rest = rest[1:]
	}
	return n, len(rest) > 0 && isDigit(rest[0]) && len(rest) <= 2
}
