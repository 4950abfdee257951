package query

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

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
// come from the data (a code without values, a date) has them listed by its
// filters or gets nil: a code or text column the values of its eq or in, a
// date coarsened to periods every period its window touches.
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
		return listed(name, col, filters)
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

// listed is the domain of a column whose labels come from the data, when
// its filters list them all: the values an eq or in names on a code or text
// column, the periods a window spans on a coarsened date (the window is
// snapped to whole periods and in one between by then). Several such
// filters keep the labels they all list; nil when none lists them.
func listed(name string, col catalogue.Column, filters []Filter) []string {
	var out []string
	for _, f := range filters {
		var labels []string
		switch {
		case f.Column != name:
			continue
		case (f.Op == Eq || f.Op == In) && (col.Type == catalogue.TypeCode || col.Type == catalogue.TypeText):
			for _, v := range f.Values {
				labels = append(labels, string(v))
			}
		case f.Op == Between && col.Type == catalogue.TypeDate && col.Granularity != "":
			labels = periods(col.Granularity, f.Values[0], f.Values[1])
		default:
			continue
		}
		if out == nil {
			out = labels
		} else {
			out = slices.DeleteFunc(out, func(l string) bool { return !slices.Contains(labels, l) })
		}
	}
	return out
}

// periods labels every period of g from the one holding lo to the one
// holding hi (dates written YYYY-MM-DD).
func periods(g catalogue.Granularity, lo, hi Value) []string {
	from, err1 := time.Parse(time.DateOnly, string(lo))
	to, err2 := time.Parse(time.DateOnly, string(hi))
	if err1 != nil || err2 != nil {
		return nil
	}
	labels := []string{}
	for d := g.Start(from); !d.After(to); d = g.End(d).AddDate(0, 0, 1) {
		labels = append(labels, g.Label(d))
	}
	return labels
}
