package query

import (
	"fmt"
	"time"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// dateBounds snaps a filter on a date column with a granularity: eq is its
// whole period; gt d is gte d+1 day and lt d is lte d-1 day; then a lower
// bound goes down to the first day of its period and an upper bound up to
// the last day of its period.
func dateBounds(col catalogue.Column, f Filter) (bounds, []refusal) {
	g := col.Granularity
	if f.Op == In {
		return bounds{}, []refusal{{".op", fmt.Sprintf("in cannot pick dates of a column grouped by %s: use eq for one %s, or between for several", g, g)}}
	}
	d := make([]time.Time, len(f.Values))
	for i, val := range f.Values {
		d[i], _ = time.Parse(time.DateOnly, string(val))
	}
	var lo, hi time.Time
	var b bounds
	switch f.Op {
	case Eq:
		lo, hi, b.hasLo, b.hasHi = g.Start(d[0]), g.End(d[0]), true, true
	case Between:
		lo, hi, b.hasLo, b.hasHi = g.Start(d[0]), g.End(d[1]), true, true
	case Gte:
		lo, b.hasLo = g.Start(d[0]), true
	case Gt:
		lo, b.hasLo = g.Start(d[0].AddDate(0, 0, 1)), true
	case Lte:
		hi, b.hasHi = g.End(d[0]), true
	case Lt:
		hi, b.hasHi = g.End(d[0].AddDate(0, 0, -1)), true
	}
	outside := func(t time.Time) bool { return t.Year() < 0 || t.Year() > 9999 }
	if b.hasLo && outside(lo) || b.hasHi && outside(hi) {
		return bounds{}, []refusal{{".values", fmt.Sprintf("widened to whole %ss, the range reaches outside the years 0000 to 9999", g)}}
	}
	if b.hasLo {
		b.lo = Value(lo.Format(time.DateOnly))
	}
	if b.hasHi {
		b.hi = Value(hi.Format(time.DateOnly))
	}
	return b, nil
}
