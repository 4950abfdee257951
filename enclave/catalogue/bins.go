package catalogue

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
)

// Bins are the declared coarsening of an integer or number column: the
// edges that cut its values into bins. A query groups such a column only by
// its bins, and its range filters are widened to whole bins, so that no
// released label is a person's exact reading.
//
// With edges e0 < e1 < ... < en the bins are: below e0; [e_i, e_{i+1}) for
// each pair; and at or above en. Index gives a value's bin, Column.Labels
// the bins' labels in the same order.
type Bins struct {
	// Edges are strictly increasing and finite; the regular form is
	// expanded to its edges.
	Edges []float64
	// Regular is the regular form as the file declares it, or nil when the
	// file lists the edges.
	Regular *RegularBins
}

// RegularBins is the regular form of bins, {from, to, width}: the edges
// from, from+width, ..., to.
type RegularBins struct {
	From  float64 `json:"from"`
	To    float64 `json:"to"`
	Width float64 `json:"width"`
}

// Limits on declared bins. Edges stay well inside the whole numbers a
// float64 holds exactly, so that integer columns compare exactly.
const (
	maxBins      = 1000 // bins between the first and the last edge
	maxEdgeValue = 1e15 // largest edge magnitude
)

// MarshalJSON writes the bins as declared: the list of edges, or the
// regular form.
func (b Bins) MarshalJSON() ([]byte, error) {
	if b.Regular != nil {
		return json.Marshal(b.Regular)
	}
	return json.Marshal(b.Edges)
}

// Index returns the bin v falls in: 0 below the first edge, i for
// [Edges[i-1], Edges[i]), and len(Edges) at or above the last edge.
func (b *Bins) Index(v float64) int {
	return sort.Search(len(b.Edges), func(i int) bool { return b.Edges[i] > v })
}

// clone returns a copy that shares nothing with b.
func (b *Bins) clone() *Bins {
	if b == nil {
		return nil
	}
	c := &Bins{Edges: append([]float64(nil), b.Edges...)}
	if b.Regular != nil {
		r := *b.Regular
		c.Regular = &r
	}
	return c
}

// Labels returns the labels of the column's bins, in the order of Index:
// below the first edge, each bin between edges, at or above the last. They
// are the values a query grouped by the column releases. It is nil for a
// column without bins.
//
// An integer column's bin [lo, hi) is "lo" when it holds one number and
// "lo-(hi-1)" otherwise ("15-29"); below the first edge is "<15", at or
// above the last "90+". A number column's bin is "lo-<hi" ("18.5-<25"),
// with "<18.5" and "40+" at the ends.
func (c Column) Labels() []string {
	if c.Bins == nil || len(c.Bins.Edges) == 0 {
		return nil
	}
	e := c.Bins.Edges
	integer := c.Type == TypeInteger
	num := func(v float64) string {
		if integer {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	out := make([]string, 0, len(e)+1)
	out = append(out, "<"+num(e[0]))
	for i := 0; i+1 < len(e); i++ {
		lo, hi := e[i], e[i+1]
		switch {
		case integer && hi-lo == 1:
			out = append(out, num(lo))
		case integer:
			out = append(out, num(lo)+"-"+num(hi-1))
		default:
			out = append(out, num(lo)+"-<"+num(hi))
		}
	}
	return append(out, num(e[len(e)-1])+"+")
}

// regularEdges expands the regular form. Edges of a number column are
// rounded to 12 significant digits, so that a width of 0.1 gives 0.3 and
// not 0.30000000000000004.
func regularEdges(r RegularBins, n int) []float64 {
	edges := make([]float64, n+1)
	for i := range edges {
		v := r.From + float64(i)*r.Width
		if i == n {
			v = r.To
		}
		edges[i], _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	}
	return edges
}

// finite reports whether v is a usable edge.
func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) <= maxEdgeValue
}
