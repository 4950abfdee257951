package query

import (
	"fmt"
	"slices"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// A filter on a binned or granular column is snapped outwards to the
// column's grid, as Diffix snaps ranges: what a query can select is then
// always a union of the bins or periods it could group by, so a filter
// cannot cut a bin open to single out the few people at one end of it.

// bounds are a snapped range: an integer or date range from lo to hi, both
// included, or a number range from lo included to hi excluded. Either end
// may be open.
type bounds struct {
	lo, hi       Value
	hasLo, hasHi bool
}

// refusal is why a filter cannot be snapped: the field under the filter
// (".values", ".op") and the rule.
type refusal struct {
	field, message string
}

// snap rewrites a valid filter on a binned or granular column in its one
// snapped form, and notes the change. Other filters are returned as they
// are.
func (v *validator) snap(field string, col catalogue.Column, f Filter) []Filter {
	var b bounds
	var refused []refusal
	switch {
	case col.GroupBy() == catalogue.GroupByBins && (f.Op == Eq || f.Op == In):
		if refused = pickBins(col, f); len(refused) == 0 {
			return []Filter{f}
		}
	case col.GroupBy() == catalogue.GroupByBins && col.Type == catalogue.TypeInteger:
		b, refused = integerBounds(col, f)
	case col.GroupBy() == catalogue.GroupByBins:
		b, refused = numberBounds(col, f)
	case col.Type == catalogue.TypeDate && col.GroupBy() != catalogue.GroupByNone:
		b, refused = dateBounds(col, f)
	default:
		return []Filter{f}
	}
	for _, r := range refused {
		v.problem(field+r.field, "column %s: %s", f.Column, r.message)
	}
	if len(refused) > 0 {
		return []Filter{f}
	}
	out := b.filters(f.Column, col.Type == catalogue.TypeNumber)
	if len(out) != 1 || out[0].Op != f.Op || !slices.Equal(out[0].Values, f.Values) {
		v.notes = append(v.notes, Note{Field: field, Message: fmt.Sprintf("%s %s snapped to whole %s: %s",
			f.Column, written(f), unit(col), b.describe(col.Type == catalogue.TypeNumber))})
	}
	return out
}

// filters writes the bounds in their canonical form: between, gte or lte
// for integers and dates; gte and lt for numbers.
func (b bounds) filters(column string, number bool) []Filter {
	switch {
	case number:
		var out []Filter
		if b.hasLo {
			out = append(out, Filter{Column: column, Op: Gte, Values: []Value{b.lo}})
		}
		if b.hasHi {
			out = append(out, Filter{Column: column, Op: Lt, Values: []Value{b.hi}})
		}
		return out
	case b.hasLo && b.hasHi:
		return []Filter{{Column: column, Op: Between, Values: []Value{b.lo, b.hi}}}
	case b.hasLo:
		return []Filter{{Column: column, Op: Gte, Values: []Value{b.lo}}}
	}
	return []Filter{{Column: column, Op: Lte, Values: []Value{b.hi}}}
}

// describe writes the bounds for a note: "2023-01-01 to 2023-03-31",
// "from 60", "from 15 to below 45".
func (b bounds) describe(number bool) string {
	switch {
	case number && b.hasLo && b.hasHi:
		return fmt.Sprintf("from %s to below %s", b.lo, b.hi)
	case number && b.hasHi:
		return fmt.Sprintf("below %s", b.hi)
	case b.hasLo && b.hasHi:
		return fmt.Sprintf("%s to %s", b.lo, b.hi)
	case b.hasLo:
		return fmt.Sprintf("from %s", b.lo)
	}
	return fmt.Sprintf("to %s", b.hi)
}

// written is a filter as the researcher wrote it: "between 20 and 40",
// "gt 59".
func written(f Filter) string {
	if f.Op == Between {
		return fmt.Sprintf("between %s and %s", f.Values[0], f.Values[1])
	}
	return fmt.Sprintf("%s %s", f.Op, f.Values[0])
}

// unit names the column's grid for a note: "bins", "months".
func unit(col catalogue.Column) string {
	if col.Type == catalogue.TypeDate {
		return string(col.Granularity) + "s"
	}
	return "bins"
}
