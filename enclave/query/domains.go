package query

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// Domains returns, for each group-by column of q in order, every label that
// column can carry in q's answer, when the catalogue declares them all: a
// code or text column's values, "false" and "true" for a boolean, the bin
// labels of a binned column (catalogue.Column.Categories), in the
// catalogue's order. They are narrowed by q's own filters on the column (an
// eq or in keeps the values it names; a range keeps the bins inside it),
// and end with "", the missing category (NULL in the data), unless a filter
// on the column keeps NULLs out, as every filter does. A column whose labels
// come from the data (a code without values, a date) gets nil.
//
// Disclosure control enumerates these so that a cell no row fell in and a
// hidden cell look alike. q is a query Validate returned.
func Domains(q Query, cat *catalogue.Catalogue) [][]string {
	out := make([][]string, len(q.GroupBy))
	for i, name := range q.GroupBy {
		dataset, column, _ := strings.Cut(name, ".")
		if d, ok := cat.Dataset(dataset); ok {
			if col, ok := d.Column(column); ok {
				out[i] = domain(name, *col, q.Filters)
			}
		}
	}
	return out
}

// domain is Domains for one column.
func domain(name string, col catalogue.Column, filters []Filter) []string {
	categories := col.Categories()
	if categories == nil {
		return nil
	}
	out := []string{}
	for i, c := range categories {
		if !slices.ContainsFunc(filters, func(f Filter) bool { return f.Column == name && !admits(col, i, c, f) }) {
			out = append(out, c)
		}
	}
	if !slices.ContainsFunc(filters, func(f Filter) bool { return f.Column == name }) {
		out = append(out, "")
	}
	return out
}

// admits reports whether f can let through a row in category i of col,
// labelled label: a declared value that an eq or in names, or a bin that
// shares values with the filter's range.
func admits(col catalogue.Column, i int, label string, f Filter) bool {
	if col.GroupBy() != catalogue.GroupByBins {
		return !(f.Op == Eq || f.Op == In) || slices.Contains(f.Values, Value(label))
	}
	edges := col.Bins.Edges
	lo, hi := math.Inf(-1), math.Inf(1) // the bin is [lo, hi)
	if i > 0 {
		lo = edges[i-1]
	}
	if i < len(edges) {
		hi = edges[i]
	}
	x := make([]float64, len(f.Values))
	for j, v := range f.Values {
		x[j], _ = strconv.ParseFloat(string(v), 64)
	}
	step := 0.0 // the smallest step above a value: 1 for whole numbers
	if col.Type == catalogue.TypeInteger {
		step = 1
	}
	switch f.Op {
	case Eq, In:
		return slices.ContainsFunc(x, func(v float64) bool { return col.Bins.Index(v) == i })
	case Between:
		return lo <= x[1] && x[0] < hi
	case Gte:
		return x[0] < hi
	case Gt:
		return x[0]+step < hi
	case Lte:
		return lo <= x[0]
	case Lt:
		return lo < x[0]
	}
	return true
}
