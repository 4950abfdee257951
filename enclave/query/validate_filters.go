package query

import (
	"fmt"
	"slices"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// groupBy checks the group-by columns and returns them qualified.
func (v *validator) groupBy(cols []string) []string {
	if len(cols) > v.limits.MaxGroupBy {
		v.problem("group_by", "at most %d columns, not %d", v.limits.MaxGroupBy, len(cols))
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		field := fmt.Sprintf("group_by[%d]", i)
		name, col := v.column(field, c, v.joined)
		switch {
		case col == nil:
		case !col.Outputtable():
			v.problem(field, "column %s is %s and cannot be grouped by", name, col.Role)
		case slices.Contains(out[:i], name):
			v.problem(field, "column %s is already at group_by[%d]", name, slices.Index(out[:i], name))
		}
		out[i] = name
	}
	return out
}

// cohort checks the cohort: its dataset, and its filters on that dataset.
func (v *validator) cohort(c *Cohort) *Cohort {
	d := v.dataset("cohort.dataset", c.Dataset)
	if d == nil {
		return c
	}
	return &Cohort{Dataset: d.Name, Filters: v.filters("cohort.filters", c.Filters, []*catalogue.Dataset{d})}
}

// filters checks a list of filters on the datasets in scope and returns
// them qualified, with their values in one form.
func (v *validator) filters(field string, fs []Filter, scope []*catalogue.Dataset) []Filter {
	out := make([]Filter, len(fs))
	for i, f := range fs {
		out[i] = v.filter(fmt.Sprintf("%s[%d]", field, i), f, scope)
	}
	return out
}

// arity is how many values each operator takes; 0 means one or more.
var arity = map[Op]int{Eq: 1, In: 0, Between: 2, Gt: 1, Gte: 1, Lt: 1, Lte: 1}

// filter checks one filter.
func (v *validator) filter(field string, f Filter, scope []*catalogue.Dataset) Filter {
	name, col := v.column(field+".column", f.Column, scope)
	out := Filter{Column: name, Op: f.Op, Values: slices.Clone(f.Values)}
	if col == nil {
		return out
	}
	if !col.Outputtable() {
		v.problem(field+".column", "column %s is %s and cannot be filtered on", name, col.Role)
		return out
	}
	n, known := arity[f.Op]
	switch {
	case !known:
		v.problem(field+".op", "must be one of eq, in, between, gt, gte, lt, lte")
		return out
	case f.Op.ranged() && !ordered(col.Type):
		v.problem(field+".op", "%s compares by order, and column %s (%s) has none: use eq or in", f.Op, name, col.Type)
		return out
	case n == 0 && len(f.Values) == 0:
		v.problem(field+".values", "in takes one value or more")
		return out
	case n == 2 && len(f.Values) != n:
		v.problem(field+".values", "between takes two values, low and high")
		return out
	case n == 1 && len(f.Values) != n:
		v.problem(field+".values", "%s takes one value", f.Op)
		return out
	}
	ok := true
	for j, val := range f.Values {
		w, err := normalise(*col, val)
		if err != nil {
			v.problem(fmt.Sprintf("%s.values[%d]", field, j), "%v", err)
			ok = false
		}
		out.Values[j] = w
	}
	if ok && f.Op == Between && compareValues(col.Type, out.Values[0], out.Values[1]) > 0 {
		v.problem(field+".values", "the low value is above the high value")
	}
	return out
}

// ordered reports whether values of the type compare by order.
func ordered(t catalogue.Type) bool {
	return t == catalogue.TypeInteger || t == catalogue.TypeNumber || t == catalogue.TypeDate
}

// windows refuses a between that Canonical made of a gte above an lte on
// the same column: no row matches it, and a between written that way is
// refused too.
func (v *validator) windows(field string, fs []Filter) {
	for _, f := range fs {
		if f.Op != Between {
			continue
		}
		if c := v.lookup(f.Column); compareValues(c.Type, f.Values[0], f.Values[1]) > 0 {
			v.problem(field, "column %s has a gte above its lte: no row can match", f.Column)
		}
	}
}
