package query

import (
	"time"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// cells checks the size of the breakdown against the limit. It is the
// product, over the group-by columns, of how many values each can take
// (one more each with totals, for its margin). A column whose labels the
// catalogue declares (values, booleans, bins) can take those its domain
// holds (see Domains: narrowed by its filters, with the missing value
// unless a filter keeps it out). A date can take the periods of its
// granularity that a between on it spans, and a column whose labels come
// from the data the values of an eq or in on it. A column with none of
// these (a code with only a pattern, a date without a window) is unbounded
// and counts as one, so the estimate is then a lower bound; what it cannot
// see is left to disclosure control, which suppresses the small cells such
// a breakdown makes.
//
// It runs on a query whose columns have all resolved.
//
// With totals the limit is the lower MaxProtected: disclosure control must
// protect every hidden cell against subtraction from the margins, which
// takes time and memory that grow with the table, so a larger one is
// refused here, before anything is read, rather than after.
func (v *validator) cells(q Query) {
	limit, msg := v.limits.MaxCells, "the breakdown has more than %d cells: group by fewer columns, or filter them to fewer values"
	if q.Totals && len(q.GroupBy) > 0 && v.limits.MaxProtected < limit {
		limit, msg = v.limits.MaxProtected, "with totals the breakdown has more than %d cells, the most disclosure control protects: ask without totals, group by fewer columns, or filter them to fewer values"
	}
	product := 1
	for _, name := range q.GroupBy {
		n := v.distinct(name, q.Filters)
		if n == 0 {
			continue
		}
		if q.Totals {
			n++
		}
		if product > limit/n {
			v.problem("group_by", msg, limit)
			return
		}
		product *= n
	}
}

// distinct returns how many values the column can take in the result, or
// 0 when that is not known.
func (v *validator) distinct(name string, filters []Filter) int {
	col := v.lookup(name)
	if d := domain(name, col, filters); d != nil {
		return len(d)
	}
	best := 0
	for _, f := range filters {
		if f.Column != name {
			continue
		}
		if n := allowed(col, f); n > 0 && (best == 0 || n < best) {
			best = n
		}
	}
	return best
}

// allowed returns how many values a filter lets through, or 0 when it does
// not bound them.
func allowed(col catalogue.Column, f Filter) int {
	switch {
	case f.Op == Eq || f.Op == In:
		return len(f.Values)
	case f.Op == Between && col.Type == catalogue.TypeDate && col.Granularity != "":
		lo, _ := time.Parse(time.DateOnly, string(f.Values[0]))
		hi, _ := time.Parse(time.DateOnly, string(f.Values[1]))
		return col.Granularity.Periods(lo, hi)
	}
	return 0
}
