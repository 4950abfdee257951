package query

import (
	"strconv"
	"time"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// cells checks the size of the breakdown against the limit. It is the
// product, over the group-by columns, of how many values each can take
// (one more each with totals, for its margin). A column can take the
// fewest of: the values it declares (two for a boolean), and the values
// each of its filters lets through (one for eq, the values of an in, the
// whole numbers or days between the bounds of a between on an integer or
// date column). A column with none of these (a code with only a pattern, a
// date, a number) is unbounded and counts as one, so the estimate is then
// a lower bound; what it cannot see is left to disclosure control, which
// suppresses the small cells such a breakdown makes.
//
// It runs on a query whose columns have all resolved.
func (v *validator) cells(q Query) {
	product := 1
	for _, name := range q.GroupBy {
		n := v.distinct(name, q.Filters)
		if n == 0 {
			continue
		}
		if q.Totals {
			n++
		}
		if product > v.limits.MaxCells/n {
			v.problem("group_by", "the breakdown has more than %d cells: group by fewer columns, or filter them to fewer values", v.limits.MaxCells)
			return
		}
		product *= n
	}
}

// distinct returns how many values the column can take in the result, or
// 0 when that is not known.
func (v *validator) distinct(name string, filters []Filter) int {
	col := v.lookup(name)
	best := 0
	if len(col.Values) > 0 {
		best = len(col.Values)
	} else if col.Type == catalogue.TypeBoolean {
		best = 2
	}
	for _, f := range filters {
		if f.Column != name {
			continue
		}
		if n := allowed(col.Type, f); n > 0 && (best == 0 || n < best) {
			best = n
		}
	}
	return best
}

// allowed returns how many values a filter lets through, or 0 when it does
// not bound them.
func allowed(t catalogue.Type, f Filter) int {
	switch {
	case f.Op == Eq || f.Op == In:
		return len(f.Values)
	case f.Op != Between:
		return 0
	case t == catalogue.TypeInteger:
		lo, _ := strconv.ParseInt(string(f.Values[0]), 10, 64)
		hi, _ := strconv.ParseInt(string(f.Values[1]), 10, 64)
		return span(lo, hi)
	case t == catalogue.TypeDate:
		lo, _ := time.Parse(time.DateOnly, string(f.Values[0]))
		hi, _ := time.Parse(time.DateOnly, string(f.Values[1]))
		return span(lo.Unix()/86400, hi.Unix()/86400)
	}
	return 0
}

// span is how many whole numbers lie from lo to hi, capped well above any
// cell limit; 0 when hi is below lo.
func span(lo, hi int64) int {
	if hi < lo {
		return 0
	}
	return int(min(uint64(hi)-uint64(lo), 1<<30)) + 1
}
