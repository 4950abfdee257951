package mapping

import (
	"strings"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// memoLimit bounds how many distinct values a Transformer remembers per
// column. Codes and dates repeat, so a few thousand cover most of a file,
// while a column of mostly distinct values costs no more than this.
const memoLimit = 4096

// bound is a mapped column with the positions of its fields in one file
// and, for columns whose value depends on their cell alone, the values
// already converted. Remembering them skips the pattern match or date parse
// and boxes each distinct value once.
type bound struct {
	col     *column
	at      int            // the column's field
	eventAt int            // age_band: the field of the date the age is taken at
	memo    map[string]any // cell (after recode) -> value; nil when not remembered
}

func newBound(c *column, at int) bound {
	b := bound{col: c, at: at}
	switch {
	case c.conv == convDate && c.date.coarsen != coarsenAgeBand,
		c.conv == convPostcode && c.lookup == nil,
		c.conv == convCopy && c.typ == catalogue.TypeCode && c.rule.allowed == nil:
		b.memo = make(map[string]any)
	}
	return b
}

// remember keeps an accepted value, under a copy of its cell: the cell
// shares memory with the whole line it was read from.
func (b *bound) remember(cell string, v any) {
	if b.memo != nil && len(b.memo) < memoLimit {
		b.memo[strings.Clone(cell)] = v
	}
}

// code checks a code or text value against the column's values and
// patterns.
func (b *bound) code(v string) (any, Reason) {
	if out, ok := b.memo[v]; ok {
		return out, ""
	}
	out, reason := b.col.rule.check(v)
	if reason == "" && b.memo != nil && len(b.memo) < memoLimit {
		s := strings.Clone(v) // boxed once, and not holding the whole line
		out = s
		b.memo[s] = out
	}
	return out, reason
}

// outward replaces a postcode by its outward code, checked as a code.
func (b *bound) outward(v string) (any, Reason) {
	var buf [8]byte
	n, ok := normalPostcode(v, &buf)
	if !ok {
		return nil, ReasonPostcode
	}
	out := buf[:n-3]
	if len(v) > len(out) && v[:len(out)] == string(out) {
		return b.code(v[:len(out)]) // already in normal form
	}
	return b.code(string(out))
}
