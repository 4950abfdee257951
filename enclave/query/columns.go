package query

import (
	"slices"
	"strings"
)

// Columns says what the query touches, for comparing with a project's
// scope: every dataset it reads (those joined and the cohort's) mapped to
// the sorted columns it uses there, in group_by, filters, measures and the
// cohort. A dataset used only for its people (joined or counted, say) maps
// to an empty list. The person column is never listed: every query joins on
// it and no scope grants it.
//
// Call it on a query Validate returned, whose columns are all qualified; an
// unqualified column is not listed.
func (q Query) Columns() map[string][]string {
	out := make(map[string][]string)
	add := func(dataset string) {
		if _, ok := out[dataset]; !ok {
			out[dataset] = []string{}
		}
	}
	use := func(col string) {
		if d, c, ok := strings.Cut(col, "."); ok {
			add(d)
			out[d] = append(out[d], c)
		}
	}
	for _, d := range q.Datasets {
		add(d)
	}
	for _, c := range q.GroupBy {
		use(c)
	}
	for _, f := range q.Filters {
		use(f.Column)
	}
	for _, m := range q.Measures {
		if m.Dataset != "" {
			add(m.Dataset)
		}
		if m.Column != "" {
			use(m.Column)
		}
	}
	if q.Cohort != nil {
		add(q.Cohort.Dataset)
		for _, f := range q.Cohort.Filters {
			use(f.Column)
		}
	}
	for d, cols := range out {
		slices.Sort(cols)
		out[d] = slices.Compact(cols)
	}
	return out
}
