package catalogue

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Accepts checks one raw value (a CSV cell, say) against the column's type
// and its values or pattern. The error is a *ValueError naming the column
// and the rule; it never contains the value, which may be personal data.
//
// The empty string is refused with ReasonEmpty: whether a column may be
// missing is the caller's decision (the person column never may), made
// before or instead of calling Accepts. Values are checked exactly as given:
// callers trim whitespace first if their format allows it.
//
// A pseudonym column holds pseudonyms in the enclave's text form ("p1." or
// "dev1." and 64 lowercase hex digits). The raw identifier a pseudonym is
// made from is checked by package pseudonym, not here.
func (c Column) Accepts(v string) error {
	if v == "" {
		return c.refuse(ReasonEmpty)
	}
	if !utf8.ValidString(v) {
		return c.refuse(ReasonEncoding)
	}
	switch c.Type {
	case TypePseudonym:
		if !pseudonymText.MatchString(v) {
			return c.refuse(ReasonPseudonym)
		}
	case TypeInteger:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return c.refuse(ReasonInteger)
		}
	case TypeNumber:
		if !decimal.MatchString(v) {
			return c.refuse(ReasonNumber)
		}
		if f, err := strconv.ParseFloat(v, 64); err != nil || math.IsInf(f, 0) {
			return c.refuse(ReasonNumber)
		}
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return c.refuse(ReasonDate)
		}
	case TypeBoolean:
		if v != "true" && v != "false" {
			return c.refuse(ReasonBoolean)
		}
	case TypeCode, TypeText:
		return c.acceptsText(v)
	default:
		return c.refuse(ReasonType)
	}
	return nil
}

// acceptsText checks a code or text value against the declared values and
// pattern.
func (c Column) acceptsText(v string) error {
	if len(c.Values) > 0 && !slices.Contains(c.Values, v) {
		return c.refuse(ReasonValues)
	}
	if c.Pattern == "" {
		return nil
	}
	re := c.re
	if re == nil { // a Column built in code rather than loaded
		var err error
		if re, err = anchored(c.Pattern); err != nil {
			return c.refuse(ReasonPattern)
		}
	}
	if !re.MatchString(v) {
		return c.refuse(ReasonPattern)
	}
	return nil
}

func (c Column) refuse(r Reason) error { return &ValueError{Column: c.Name, Reason: r} }

var (
	pseudonymText = regexp.MustCompile(`^(p1|dev1)\.[0-9a-f]{64}$`)
	// decimal is plain decimal notation with an optional exponent: no
	// hexadecimal, underscores, Inf or NaN, which strconv would accept.
	decimal = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
)
