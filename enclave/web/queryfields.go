package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/query"
)

// filterRows is how many filters the form offers; a query may need fewer.
const filterRows = 3

// fieldsForm is a query asked by fields rather than SQL: the parts of the
// JSON body POST /v1/projects/{projectID}/queries takes, as the form gave
// them, so that the form shows them again.
type fieldsForm struct {
	Datasets, GroupBy, Counts []string
	Stat, StatColumn          string // sum, mean or median, of a measure column
	Filters                   []filterRow
	CohortDataset             string
	Cohort                    filterRow
	Totals                    bool
}

// newFields is the form as first shown: counting people, nothing else.
func newFields() fieldsForm {
	return fieldsForm{Counts: []string{string(query.CountPeople)}, Filters: make([]filterRow, filterRows)}
}

// filterRow is one filter: its values separated by commas.
type filterRow struct{ Column, Op, Values string }

// readFields reads the form; the service validates what it builds.
func readFields(f url.Values) fieldsForm {
	ff := fieldsForm{
		Datasets: f["dataset"], GroupBy: f["group_by"], Counts: f["count"],
		Stat: f.Get("stat"), StatColumn: f.Get("stat_column"), CohortDataset: f.Get("cohort_dataset"),
		Cohort: filterRow{f.Get("cohort_column"), f.Get("cohort_op"), f.Get("cohort_values")}, Totals: f.Get("totals") == "on",
	}
	for i := range filterRows {
		n := strconv.Itoa(i + 1)
		ff.Filters = append(ff.Filters, filterRow{f.Get("filter" + n + "_column"), f.Get("filter" + n + "_op"), f.Get("filter" + n + "_values")})
	}
	return ff
}

// Query is the query the form asks, as the API's JSON form has it.
func (ff fieldsForm) Query() (query.Query, error) {
	q := query.Query{Datasets: ff.Datasets, GroupBy: ff.GroupBy, Totals: ff.Totals}
	for _, c := range ff.Counts {
		q.Measures = append(q.Measures, query.Measure{Kind: query.MeasureKind(c)})
	}
	switch {
	case ff.Stat == "" && ff.StatColumn == "":
	case ff.Stat == "" || ff.StatColumn == "":
		return q, enclave.E(enclave.CodeInvalid, "choose both a statistic and the column it is of, or neither")
	case ff.Stat == "median":
		q.Measures = append(q.Measures, query.Measure{Kind: query.Percentile, Column: ff.StatColumn, P: 0.5})
	default:
		q.Measures = append(q.Measures, query.Measure{Kind: query.MeasureKind(ff.Stat), Column: ff.StatColumn})
	}
	for _, row := range ff.Filters {
		f, ok, err := row.filter()
		if err != nil {
			return q, err
		}
		if ok {
			q.Filters = append(q.Filters, f)
		}
	}
	if ff.CohortDataset != "" {
		q.Cohort = &query.Cohort{Dataset: ff.CohortDataset}
		f, ok, err := ff.Cohort.filter()
		if err != nil {
			return q, err
		}
		if ok {
			q.Cohort.Filters = []query.Filter{f}
		}
	}
	return q, nil
}

// filter is the row's filter; ok is false for a row left empty.
func (row filterRow) filter() (f query.Filter, ok bool, err error) {
	if row.Column == "" && strings.TrimSpace(row.Values) == "" {
		return f, false, nil
	}
	if row.Column == "" || row.Op == "" || strings.TrimSpace(row.Values) == "" {
		return f, false, enclave.E(enclave.CodeInvalid, "a filter needs a column, a comparison and a value")
	}
	f = query.Filter{Column: row.Column, Op: query.Op(row.Op)}
	for v := range strings.SplitSeq(row.Values, ",") {
		f.Values = append(f.Values, query.Value(strings.TrimSpace(v)))
	}
	return f, true, nil
}

// fieldChoices are what the project's scope lets the form offer, from the
// catalogue: datasets, columns to group by, to filter on, and to measure.
type fieldChoices struct {
	Datasets, GroupBy, Filter, Measure []string
	Ops                                []opChoice
}

type opChoice struct{ Op, Label string }

var ops = []opChoice{
	{string(query.Eq), "equals"}, {string(query.In), "is one of (values separated by commas)"},
	{string(query.Between), "is between (low, high)"}, {string(query.Gte), "is at least"},
	{string(query.Gt), "is more than"}, {string(query.Lte), "is at most"}, {string(query.Lt), "is less than"},
}

func choices(p enclave.Project, cat *catalogue.Catalogue) fieldChoices {
	fc := fieldChoices{Ops: ops}
	for _, name := range p.Scope.Datasets() {
		ds, ok := cat.Dataset(name)
		if !ok {
			continue
		}
		fc.Datasets = append(fc.Datasets, name)
		for _, col := range p.Scope[name] {
			c, ok := ds.Column(col)
			if !ok || !c.Outputtable() {
				continue
			}
			qualified := name + "." + col
			fc.Filter = append(fc.Filter, qualified)
			if c.GroupBy() != catalogue.GroupByNone {
				fc.GroupBy = append(fc.GroupBy, qualified)
			}
			if c.Role == catalogue.RoleMeasure {
				fc.Measure = append(fc.Measure, qualified)
			}
		}
	}
	return fc
}
