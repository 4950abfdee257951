package query

import (
	"fmt"
	"slices"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// cohort checks the cohort: its dataset, and its filters on that dataset.
func (v *validator) cohort(c *Cohort) *Cohort {
	d := v.dataset("cohort.dataset", c.Dataset)
	if d == nil {
		return c
	}
	return &Cohort{Dataset: d.Name, Filters: v.filters("cohort.filters", c.Filters, []*catalogue.Dataset{d})}
}

// filters checks a list of filters on the datasets in scope and returns
// them qualified, with their values in one form, and snapped to whole bins
// and periods (a filter may become two).
func (v *validator) filters(field string, fs []Filter, scope []*catalogue.Dataset) []Filter {
	out := make([]Filter, 0, len(fs))
	for i, f := range fs {
		out = append(out, v.filter(fmt.Sprintf("%s[%d]", field, i), f, scope)...)
	}
	return out
}

// arity is how many values each operator takes; 0 means one or more.
var arity = map[Op]int{Eq: 1, In: 0, Between: 2, Gt: 1, Gte: 1, Lt: 1, Lte: 1}

// filter checks one filter, and snaps it when its column is binned or
// granular.
func (v *validator) filter(field string, f Filter, scope []*catalogue.Dataset) []Filter {
	name, col := v.column(field+".column", f.Column, scope)
	out := Filter{Column: name, Op: f.Op, Values: slices.Clone(f.Values)}
	if !v.filterable(field, name, col) {
		return []Filter{out}
	}
	if !v.operands(field, name, *col, &out) {
		return []Filter{out}
	}
	return v.snap(field, *col, out)
}

// filterable checks that a query may filter on the column.
func (v *validator) filterable(field, name string, col *catalogue.Column) bool {
	switch {
	case col == nil:
		return false
	case !col.Outputtable():
		v.problem(field+".column", "column %s is %s and cannot be filtered on", name, col.Role)
		return false
	case ordered(col.Type) && col.GroupBy() == catalogue.GroupByNone:
		v.problem(field+".column", "column %s %s, so it cannot be filtered on: %s", name, uncoarsened(*col), declare(*col))
		return false
	}
	return true
}

// operands checks a filter's operator and values against its column, and
// writes the values in one form.
func (v *validator) operands(field, name string, col catalogue.Column, out *Filter) bool {
	f := *out
	n, known := arity[f.Op]
	switch {
	case !known:
		v.problem(field+".op", "must be one of eq, in, between, gt, gte, lt, lte")
		return false
	case f.Op.ranged() && !ordered(col.Type):
		v.problem(field+".op", "%s compares by order, and column %s (%s) has none: use eq or in", f.Op, name, col.Type)
		return false
	case n == 0 && len(f.Values) == 0:
		v.problem(field+".values", "in takes one value or more")
		return false
	case n == 2 && len(f.Values) != n:
		v.problem(field+".values", "between takes two values, low and high")
		return false
	case n == 1 && len(f.Values) != n:
		v.problem(field+".values", "%s takes one value", f.Op)
		return false
	}
	ok := true
	for j, val := range f.Values {
		w, err := normalise(col, val)
		if err != nil {
			v.problem(fmt.Sprintf("%s.values[%d]", field, j), "%v", err)
			ok = false
		}
		out.Values[j] = w
	}
	if ok && f.Op == Between && compareValues(col.Type, out.Values[0], out.Values[1]) > 0 {
		v.problem(field+".values", "the low value is above the high value")
		return false
	}
	return ok
}

// ordered reports whether values of the type compare by order.
func ordered(t catalogue.Type) bool {
	return t == catalogue.TypeInteger || t == catalogue.TypeNumber || t == catalogue.TypeDate
}

// windows refuses a between that Canonical made of a gte above an lte on
// the same column, and a number column's gte at or above its lt (the form
// snapped number ranges take): no row matches them, and a between written
// that way is refused too.
func (v *validator) windows(field string, fs []Filter) {
	floor := map[string]Value{} // number column -> its highest gte
	for _, f := range fs {
		c := v.lookup(f.Column)
		switch {
		case f.Op == Between && compareValues(c.Type, f.Values[0], f.Values[1]) > 0:
			v.problem(field, "column %s has a gte above its lte: no row can match", f.Column)
		case f.Op == Gte && c.Type == catalogue.TypeNumber:
			if lo, ok := floor[f.Column]; !ok || compareValues(c.Type, f.Values[0], lo) > 0 {
				floor[f.Column] = f.Values[0]
			}
		}
	}
	for _, f := range fs {
		if lo, ok := floor[f.Column]; ok && f.Op == Lt && compareValues(catalogue.TypeNumber, lo, f.Values[0]) >= 0 {
			v.problem(field, "column %s has a gte at or above its lt: no row can match", f.Column)
			delete(floor, f.Column)
		}
	}
}
