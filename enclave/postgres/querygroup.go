package postgres

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// periodFormats are the to_char patterns that write a date's period as
// catalogue.Granularity.Label does: IYYY and IW are the ISO 8601 week-year
// and week, so 2021-01-03 is 2020-W53.
var periodFormats = map[catalogue.Granularity]string{
	catalogue.GranularityWeek:    `IYYY-"W"IW`,
	catalogue.GranularityMonth:   "YYYY-MM",
	catalogue.GranularityQuarter: `YYYY-"Q"Q`,
	catalogue.GranularityYear:    "YYYY",
}

// groupLabel is the text a query groups the column expression col by: the
// label of its bin for a binned integer or number column, of its period for
// a date with a granularity, and its value as text otherwise. A missing
// value stays NULL, the missing category. The edges, labels and formats
// come from the catalogue, never from the researcher, so they are written
// into the statement as constants: the same expression must appear in the
// select list, GROUP BY and GROUPING(), and constants keep them equal.
func groupLabel(col string, c catalogue.Column) (string, error) {
	switch g := c.GroupBy(); g {
	case catalogue.GroupByCategories, catalogue.GroupByOpen:
		return col + "::text", nil
	case catalogue.GroupByBins:
		return binLabel(col, c), nil
	case catalogue.GroupByNone:
		return "", fmt.Errorf("query: column %s cannot be grouped by", c.Name)
	default:
		format, ok := periodFormats[c.Granularity]
		if !ok {
			return "", fmt.Errorf("query: column %s has no known granularity", c.Name)
		}
		return "to_char(" + col + "::timestamp, " + quoteLiteral(format) + ")", nil
	}
}

// binLabel is the label of col's bin. width_bucket numbers the bins as
// catalogue.Bins.Index does: 0 below the first edge, i from edge i-1 up to
// but not including edge i, and len(edges) at or above the last; NULL for
// NULL, which no WHEN matches.
func binLabel(col string, c catalogue.Column) string {
	edges := make([]string, len(c.Bins.Edges))
	for i, e := range c.Bins.Edges {
		edges[i] = strconv.FormatFloat(e, 'g', -1, 64)
	}
	var b strings.Builder
	b.WriteString("CASE width_bucket(" + col + "::double precision, ARRAY[" + strings.Join(edges, ", ") + "]::double precision[])")
	for i, label := range c.Labels() {
		b.WriteString(" WHEN " + strconv.Itoa(i) + " THEN " + quoteLiteral(label))
	}
	b.WriteString(" END")
	return b.String()
}
