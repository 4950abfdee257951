package disclosure

import (
	"fmt"
	"math"
	"strconv"

	"github.com/research-enclave/enclave/pseudonym"
)

// checkLeaks refuses a result that would output something looking like an
// identifier: a misconfigured query (grouping by an identifier column, or
// summing one) must never reach a researcher, even when every count passes.
// It looks at everything the result writes: dimension and measure names, the
// keys of every cell (hidden cells' included), and every released number.
func checkLeaks(res *Result) error {
	for d, name := range res.Dimensions {
		if rule := leakIn(name); rule != "" {
			return &LeakError{Rule: rule, Where: fmt.Sprintf("dimension %d", d)}
		}
	}
	for j, m := range res.Measures {
		if rule := leakIn(m.Name); rule != "" {
			return &LeakError{Rule: rule, Where: fmt.Sprintf("measure %d", j)}
		}
	}
	for i, c := range res.Cells {
		for k, key := range c.Keys {
			if rule := leakIn(key.Value); rule != "" {
				return &LeakError{Rule: rule, Where: fmt.Sprintf("cell %d key %d", i, k)}
			}
		}
		for _, n := range []struct {
			v    *int64
			name string
		}{{c.People, "people"}, {c.Events, "events"}} {
			if n.v != nil && nhsNumber(float64(*n.v)) {
				return &LeakError{Rule: RuleLeakNHSNumber, Where: fmt.Sprintf("cell %d %s", i, n.name)}
			}
		}
		for j, v := range c.Measures {
			if v.Value != nil && nhsNumber(*v.Value) {
				return &LeakError{Rule: RuleLeakNHSNumber, Where: fmt.Sprintf("cell %d measure %d", i, j)}
			}
		}
	}
	return nil
}

// leakIn returns the leak rule text s breaks, or "".
func leakIn(s string) Rule {
	switch {
	case hasNHSNumber(s):
		return RuleLeakNHSNumber
	case hasHexRun(s, 64):
		return RuleLeakPseudonym
	}
	return ""
}

// hasNHSNumber reports whether s holds an NHS number anywhere: ten digits, or
// the 3-3-4 grouping with a space or hyphen, not inside a longer run of
// digits, that pass the Modulus 11 check. The 999 range, never issued to
// patients but passing the check, counts: a test number in an output is as
// much a sign of a misconfigured query as a real one.
func hasNHSNumber(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) {
			continue
		}
		for _, n := range []int{10, 12} {
			end := i + n
			if end > len(s) || (end < len(s) && isDigit(s[end])) {
				continue
			}
			if _, err := pseudonym.ParseNHSNumber(s[i:end]); err == nil {
				return true
			}
		}
	}
	return false
}

// nhsNumber reports whether the whole-number part of v, as JSON writes it,
// is an NHS number. The digits after a decimal point are left alone: a mean
// whose fraction happens to pass the check is not an identifier.
func nhsNumber(v float64) bool {
	v = math.Trunc(math.Abs(v))
	if v < 1e9 || v >= 1e10 {
		return false
	}
	return hasNHSNumber(strconv.FormatInt(int64(v), 10))
}

// hasHexRun reports whether s holds n or more hex digits in a row: the text
// form of a pseudonym ("p1." or "dev1." and 64 hex digits, in either case)
// or its bare HMAC, as a bytea column would print it.
func hasHexRun(s string, n int) bool {
	run := 0
	for i := range len(s) {
		if isHex(s[i]) {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') }

// Identifier returns the leak rule s breaks (RuleLeakNHSNumber or
// RuleLeakPseudonym), or "": what a result may never show, for other
// records that may never hold an identifier, such as the audit log's copy
// of a query's filter values.
func Identifier(s string) Rule { return leakIn(s) }
