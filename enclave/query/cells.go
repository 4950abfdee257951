package query

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
// refused here, before anything is read, rather than after. So that the
// estimate is an upper bound, every column must then be bounded: a refusal
// after reading the data would say how many labels it holds.
func (v *validator) cells(q Query) {
	limit, msg := v.limits.MaxCells, "the breakdown has more than %d cells: group by fewer columns, or filter them to fewer values"
	if q.Totals && len(q.GroupBy) > 0 && v.limits.MaxProtected < limit {
		limit, msg = v.limits.MaxProtected, "with totals the breakdown has more than %d cells, the most disclosure control protects: ask without totals, group by fewer columns, or filter them to fewer values"
	}
	product := 1
	for _, name := range q.GroupBy {
		n := v.distinct(name, q.Filters)
		if n == 0 && q.Totals {
			// Its size would be known only once the data is read, and
			// whether it passes the limit would then say how many labels the
			// data holds, a small group's included.
			v.problem("group_by", "with totals, %s must be narrowed to a known number of values: list them with in (a code) or give a window with between (a date)", name)
			return
		}
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
	best := 0 // an eq or in on a column labelled otherwise (a whole number)
	for _, f := range filters {
		if f.Column == name && (f.Op == Eq || f.Op == In) && (best == 0 || len(f.Values) < best) {
			best = len(f.Values)
		}
	}
	return best
}
