package query

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// pickBins checks an eq or in on a binned column: each value must be a bin
// by itself (an integer column's bin of width 1, such as a year of birth).
func pickBins(col catalogue.Column, f Filter) []refusal {
	if col.Type == catalogue.TypeNumber {
		return []refusal{{".op", fmt.Sprintf("%s cannot pick values of a number column grouped in bins (%s): use a range on whole bins, such as gte and lt", f.Op, edges(col))}}
	}
	e := col.Bins.Edges
	var refused []refusal
	for j, val := range f.Values {
		x, _ := strconv.ParseInt(string(val), 10, 64)
		if i := col.Bins.Index(float64(x)); i == 0 || i == len(e) || e[i]-e[i-1] != 1 {
			refused = append(refused, refusal{fmt.Sprintf(".values[%d]", j), fmt.Sprintf(
				"%s takes only values that are a bin by themselves, and this value's bin holds more (%s): use a range on whole bins", f.Op, edges(col))})
		}
	}
	return refused
}

func belowFirst(col catalogue.Column) refusal {
	return refusal{".values", fmt.Sprintf("a lower bound below the first edge, %s, cannot be widened to a whole bin: leave the lower bound out", edge(col, 0))}
}

func aboveLast(col catalogue.Column) refusal {
	return refusal{".values", fmt.Sprintf("an upper bound at or above the last edge, %s, cannot be widened to a whole bin: leave the upper bound out", edge(col, len(col.Bins.Edges)-1))}
}

// edges describes a column's bins: "edges 15, 30, 45, 60 and 90", or
// "edges from 1900 to 2030 every 1".
func edges(col catalogue.Column) string {
	if r := col.Bins.Regular; r != nil {
		return fmt.Sprintf("edges from %s to %s every %s", number(col, r.From), number(col, r.To), number(col, r.Width))
	}
	s := make([]string, len(col.Bins.Edges))
	for i := range s {
		s[i] = edge(col, i)
	}
	if len(s) == 1 {
		return "one edge, " + s[0]
	}
	return "edges " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func edge(col catalogue.Column, i int) string { return number(col, col.Bins.Edges[i]) }

// number writes a value from the catalogue's bins as the column's values
// are written.
func number(col catalogue.Column, v float64) string {
	if col.Type == catalogue.TypeInteger {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
