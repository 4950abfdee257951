package catalogue

import (
	"encoding/json"
	"slices"
)

// GroupBy says how a query may group by a column, and so which labels its
// answers can carry. The names travel into the JSON view, so never rename
// one. A date column with a granularity is grouped by that granularity, and
// its GroupBy is the granularity's name ("month").
type GroupBy string

// How columns are grouped.
const (
	// GroupByCategories: by the values the catalogue declares (a code or
	// text column's values; false and true for a boolean).
	GroupByCategories GroupBy = "categories"
	// GroupByBins: by the declared bins of an integer or number column.
	GroupByBins GroupBy = "bins"
	// GroupByOpen: by the values in the data, which the catalogue does not
	// list (a code or text column without values). Disclosure control
	// releases only the labels of released cells.
	GroupByOpen GroupBy = "open"
	// GroupByNone: not at all. Identifiers and never_output columns; an
	// integer or number column without bins; a date without a granularity.
	GroupByNone GroupBy = "none"
)

// GroupBy says how a query may group by the column.
func (c Column) GroupBy() GroupBy {
	switch {
	case !c.Outputtable() || c.Type == TypePseudonym:
		return GroupByNone
	case c.Type == TypeBoolean || c.Type.textual() && len(c.Values) > 0:
		return GroupByCategories
	case c.Type.textual():
		return GroupByOpen
	case c.Type.numeric() && c.Bins != nil && len(c.Bins.Edges) > 0:
		return GroupByBins
	case c.Type == TypeDate && c.Granularity.valid():
		return GroupBy(c.Granularity)
	}
	return GroupByNone
}

// Categories returns every label a query grouped by the column can release
// when the catalogue declares them all: a code or text column's values,
// "false" and "true" for a boolean, the bin labels of a binned column
// (Labels). It is nil when the labels come from the data (open columns,
// dates) or the column cannot be grouped. The missing value is not listed.
func (c Column) Categories() []string {
	switch c.GroupBy() {
	case GroupByCategories:
		if c.Type == TypeBoolean {
			return []string{"false", "true"}
		}
		return slices.Clone(c.Values)
	case GroupByBins:
		return c.Labels()
	}
	return nil
}

// MarshalJSON writes the declaration as written, and how the column may be
// grouped by ("group_by"), so that researchers see what each column can be
// grouped and filtered by.
func (c Column) MarshalJSON() ([]byte, error) {
	type declared Column // without this method
	return json.Marshal(struct {
		declared
		GroupBy GroupBy `json:"group_by"`
	}{declared(c), c.GroupBy()})
}
