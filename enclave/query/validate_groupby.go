package query

import (
	"fmt"
	"slices"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// groupBy checks the group-by columns and returns them qualified. A column
// is grouped by what the catalogue declares for it: its values, its bins or
// its granularity (catalogue.Column.GroupBy).
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
		case col.GroupBy() == catalogue.GroupByNone:
			v.problem(field, "column %s %s, so it cannot be grouped by: %s", name, uncoarsened(*col), declare(*col))
		case slices.Contains(out[:i], name):
			v.problem(field, "column %s is already at group_by[%d]", name, slices.Index(out[:i], name))
		}
		out[i] = name
	}
	return out
}

// uncoarsened says what an integer, number or date column lacks to be
// grouped or filtered on.
func uncoarsened(col catalogue.Column) string {
	if col.Type == catalogue.TypeDate {
		return "(date) has no granularity in the catalogue"
	}
	return fmt.Sprintf("(%s) has no bins in the catalogue", col.Type)
}

// declare says what the catalogue would have to declare.
func declare(col catalogue.Column) string {
	if col.Type == catalogue.TypeDate {
		return "the catalogue would have to declare a granularity for it (week, month, quarter or year)"
	}
	return "the catalogue would have to declare bins for it"
}
