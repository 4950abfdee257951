package query

import (
	"fmt"
	"slices"
	"strings"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// Limits bound the size of a query's result. The policy's obligations may
// set them per project; a zero field takes its default.
type Limits struct {
	MaxGroupBy int // most group-by columns (default DefaultMaxGroupBy)
	MaxCells   int // most cells in the breakdown, margins included (default DefaultMaxCells)
	// MaxProtected is the most cells of a breakdown with totals, which
	// disclosure control must protect against subtraction from them
	// (default disclosure.DefaultMaxCells).
	MaxProtected int
}

// The default limits.
const (
	DefaultMaxGroupBy = 4
	DefaultMaxCells   = 10_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxGroupBy <= 0 {
		l.MaxGroupBy = DefaultMaxGroupBy
	}
	if l.MaxCells <= 0 {
		l.MaxCells = DefaultMaxCells
	}
	if l.MaxProtected <= 0 {
		l.MaxProtected = disclosure.DefaultMaxCells
	}
	return l
}

// Problem is one rule a query breaks.
type Problem struct {
	Field   string // the path to the field, such as "group_by[1]" or "cohort.filters[0].values[2]"
	Message string // the rule broken; never a filter value
}

// String formats the problem as "field: message".
func (p Problem) String() string { return p.Field + ": " + p.Message }

// Error is returned by Validate when a query breaks the rules. It holds
// every problem found, field by field in the order datasets, measures,
// group_by, filters, cohort, and then those that span fields (a filter
// window, the number of cells); its text is one problem per line.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Validate checks q against the catalogue and the limits and returns it
// qualified (every column written dataset.column, count_events' dataset
// filled in), with its filter values in one form per type (integers and
// numbers as Go writes them: "007" is "7", "30.50" is "30.5"), its filters
// on binned and granular columns snapped to whole bins and periods (see
// Check), and canonical (see Canonical). The rules are listed in
// docs/queries.md; an *Error lists every one broken.
func Validate(q Query, cat *catalogue.Catalogue, limits Limits) (Query, error) {
	out, _, err := Check(q, cat, limits)
	return out, err
}

// Note says how Check rewrote one filter of the query: which filter
// (Field, such as "filters[1]") and what it became. Its message holds only
// the researcher's own values and the catalogue's edges.
type Note struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Check is Validate, and says as well how it widened the query's filters:
// a range on a binned integer or number column or a granular date column
// is snapped outwards to whole bins or periods, and an eq on a date to its
// whole period (docs/queries.md, "Coarsenings"). Each filter rewritten so
// gets a Note, in the order of the filters and then the cohort's.
func Check(q Query, cat *catalogue.Catalogue, limits Limits) (Query, []Note, error) {
	v := &validator{cat: cat, limits: limits.withDefaults()}
	out := Query{Totals: q.Totals}
	out.Datasets = v.datasets(q.Datasets)
	out.Measures = v.measures(q.Measures)
	out.GroupBy = v.groupBy(q.GroupBy)
	out.Filters = v.filters("filters", q.Filters, v.joined)
	if q.Cohort != nil {
		out.Cohort = v.cohort(q.Cohort)
	}
	out = Canonical(out)
	if len(v.problems) == 0 {
		v.windows("filters", out.Filters)
		if out.Cohort != nil {
			v.windows("cohort.filters", out.Cohort.Filters)
		}
		v.cells(out)
	}
	if len(v.problems) > 0 {
		return Query{}, nil, &Error{Problems: v.problems}
	}
	return out, v.notes, nil
}

// validator collects the problems of one query.
type validator struct {
	cat      *catalogue.Catalogue
	limits   Limits
	joined   []*catalogue.Dataset // the query's datasets found in the catalogue
	problems []Problem
	notes    []Note // how filters were snapped
}

func (v *validator) problem(field, format string, args ...any) {
	v.problems = append(v.problems, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}

// datasets checks the datasets joined.
func (v *validator) datasets(names []string) []string {
	if len(names) == 0 {
		v.problem("datasets", "name at least one dataset")
	}
	for i, name := range names {
		field := fmt.Sprintf("datasets[%d]", i)
		if j := slices.Index(names[:i], name); j >= 0 {
			v.problem(field, "already listed at datasets[%d]", j)
			continue
		}
		if d := v.dataset(field, name); d != nil {
			v.joined = append(v.joined, d)
		}
	}
	return names
}

// dataset looks a dataset up, or records why it cannot.
func (v *validator) dataset(field, name string) *catalogue.Dataset {
	if d, ok := v.cat.Dataset(name); ok {
		return d
	}
	switch {
	case name == "":
		v.problem(field, "name a dataset")
	case !validName(name):
		v.problem(field, "not a dataset name: dataset names are lowercase letters, digits and _")
	default:
		v.problem(field, "no dataset %s in the catalogue", name)
	}
	return nil
}
