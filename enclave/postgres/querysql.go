package postgres

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/query"
)

// querySQL is the statement of one validated query. Identifiers come only
// from the catalogue and are quoted with pgx.Identifier; every value is a
// bound parameter.
type querySQL struct {
	text    string
	args    []any
	dims    int  // leading columns: the group-by values, then one GROUPING flag each
	members bool // the last column holds each cell's people, for the differencing ledger
	// onePass, when set, says which protection figures the statement gives
	// with the answer's (buildPersonQuery).
	onePass *onePass
}

// sqlBuilder builds a querySQL.
type sqlBuilder struct {
	cat   *catalogue.Catalogue
	alias map[string]string // dataset -> table alias
	args  []any
}

func (b *sqlBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

// column is "alias"."column" for a "dataset.column" reference.
func (b *sqlBuilder) column(ref string) (string, *catalogue.Column, error) {
	ds, name, _ := strings.Cut(ref, ".")
	d, ok := b.cat.Dataset(ds)
	if !ok {
		return "", nil, fmt.Errorf("query: no dataset %q", ds)
	}
	c, ok := d.Column(name)
	if !ok {
		return "", nil, fmt.Errorf("query: no column %q", ref)
	}
	return b.alias[ds] + "." + pgx.Identifier{name}.Sanitize(), c, nil
}

// person is the person column of dataset ds under its alias.
func (b *sqlBuilder) person(ds, alias string) string {
	d, _ := b.cat.Dataset(ds)
	return alias + "." + pgx.Identifier{d.Person}.Sanitize()
}

func (b *sqlBuilder) table(ds string) string {
	d, _ := b.cat.Dataset(ds)
	return pgx.Identifier{DatasetTable(d.Name, d.Version)}.Sanitize()
}

// queryParts are the pieces every statement of a query shares: the
// group-by columns, the measured dataset and its value columns, and the FROM
// and WHERE clauses.
type queryParts struct {
	b        *sqlBuilder
	dims     []string // "<label> AS g<i>", where label is the column's groupLabel
	grouping []string // g0, g1, ...
	exprs    []string // each column's groupLabel
	rowDS    string   // the dataset whose rows are counted and measured; "" when only people are counted
	rowCols  []string // "<column>::double precision AS m<i>"
	from     string
	where    string
	pid      string // the base dataset's person column
	joined   bool   // more than one dataset: a row can appear once for each match
}

func newQueryParts(q query.Query, cat *catalogue.Catalogue, lists []string) (queryParts, error) {
	b := &sqlBuilder{cat: cat, alias: map[string]string{}}
	for i, ds := range q.Datasets {
		b.alias[ds] = "t" + strconv.Itoa(i)
	}
	p := queryParts{b: b, joined: len(q.Datasets) > 1}
	for i, g := range q.GroupBy {
		col, c, err := b.column(g)
		if err != nil {
			return queryParts{}, err
		}
		label, err := groupLabel(col, *c)
		if err != nil {
			return queryParts{}, err
		}
		p.dims = append(p.dims, label+" AS g"+strconv.Itoa(i))
		p.grouping = append(p.grouping, "g"+strconv.Itoa(i))
		p.exprs = append(p.exprs, label)
	}
	var err error
	if p.rowDS, p.rowCols, err = b.rowColumns(q); err != nil {
		return queryParts{}, err
	}
	if p.where, err = b.where(q, lists); err != nil {
		return queryParts{}, err
	}
	base := q.Datasets[0]
	p.pid = b.person(base, b.alias[base])
	p.from = b.table(base) + " " + b.alias[base]
	for _, ds := range q.Datasets[1:] {
		p.from += " JOIN " + b.table(ds) + " " + b.alias[ds] + " ON " + b.person(ds, b.alias[ds]) + " = " + p.pid
	}
	return p, nil
}

// distinctRows is the subquery of the query's rows: each person, with the
// measured dataset's row (its ctid identifies it within the statement) and
// values when there is one, and the group-by values. Only a join can repeat
// a measured row, so only a join needs DISTINCT; people are counted as
// distinct pseudonyms or grouped by person, so repeats of a person without a
// measured row are harmless.
func (p queryParts) distinctRows() string {
	return "(" + p.rowsSelect() + ") r"
}

// rowsCTE is distinctRows as the body of a WITH item.
func (p queryParts) rowsCTE() string {
	return "(" + p.rowsSelect() + ")"
}

func (p queryParts) rowsSelect() string {
	inner := []string{p.pid + " AS pid"}
	if p.rowDS != "" {
		inner = append(inner, p.b.alias[p.rowDS]+".ctid AS row_id")
	}
	inner = append(append(inner, p.dims...), p.rowCols...)
	distinct := ""
	if p.joined && p.rowDS != "" {
		distinct = "DISTINCT "
	}
	return "SELECT " + distinct + strings.Join(inner, ", ") + " FROM " + p.from + p.where
}

// buildQuery writes the statement for q, a query that query.Validate
// accepted, keeping only people the lists permit, giving what n asks for.
//
// Rows are the join of the datasets on the person. Counts of people are
// distinct pseudonyms. Counts of events and the sums, means and percentiles
// of a measure are over the distinct rows of the measure's dataset in each
// cell, so joining another dataset with several rows a person does not count
// a row twice. A query without percentiles that measures rows, or whose
// protection needs its people, is answered person by person in one
// statement (buildPersonQuery); a count of people alone is the statement a
// person would write; a query with percentiles gets its figures for
// protection from a second statement (buildPeopleQuery).
func buildQuery(q query.Query, cat *catalogue.Catalogue, lists []string, n peopleNeeds) (querySQL, error) {
	p, err := newQueryParts(q, cat, lists)
	if err != nil {
		return querySQL{}, err
	}
	if !hasPercentile(q) && usesPeople(p, n) {
		return buildPersonQuery(p, q, n), nil
	}
	members := n.members
	aggs := p.b.aggregates(q)
	if p.rowDS == "" {
		// Counts of people only: COUNT(DISTINCT pid) needs no row-level
		// de-duplication, so the statement is the one a person would write.
		outer := append(append(slices.Clone(p.dims), groupingFlags(p.exprs)...), strings.Replace(aggs[0], "pid", p.pid, 1))
		if members {
			outer = append(outer, memberKeys(p.pid))
		}
		text := "SELECT " + strings.Join(outer, ", ") + " FROM " + p.from + p.where + groupClause(p.exprs, q.Totals) + orderClause(len(p.exprs))
		return querySQL{text: text, args: p.b.args, dims: len(p.grouping), members: members}, nil
	}
	outer := append(append([]string{}, p.grouping...), groupingFlags(p.grouping)...)
	outer = append(outer, aggs...)
	if members {
		outer = append(outer, memberKeys("pid"))
	}
	text := "SELECT " + strings.Join(outer, ", ") + " FROM " + p.distinctRows() + groupClause(p.grouping, q.Totals) +
		orderClause(len(p.grouping))
	return querySQL{text: text, args: p.b.args, dims: len(p.grouping), members: members}, nil
}

// memberKeys is the last column of every cell: its people, for the
// differencing ledger, as the first 8 bytes of each pseudonym, run
// together. Grouped by person first (buildPersonQuery), a person is there
// once; in the statements of percentiles, once for each of their rows in the
// cell: the ledger drops repeats as it sorts the keys, which costs less than
// the sort of a DISTINCT here (docs/benchmarks.md).
func memberKeys(pid string) string {
	return "string_agg(substring(" + pid + " from 1 for 8), ''::bytea)"
}

// groupClause groups by cols, with every margin when totals are asked for.
func groupClause(cols []string, totals bool) string {
	switch {
	case len(cols) > 0 && totals:
		return " GROUP BY CUBE (" + strings.Join(cols, ", ") + ")"
	case len(cols) > 0:
		return " GROUP BY " + strings.Join(cols, ", ")
	}
	return ""
}

// orderClause sorts the cells by their keys, totals after categories, so
// that the same query always hands disclosure control its cells in the same
// order and so gets the same suppression pattern.
func orderClause(dims int) string {
	if dims == 0 {
		return ""
	}
	var by []string
	for i := range dims {
		by = append(by, strconv.Itoa(dims+i+1), strconv.Itoa(i+1))
	}
	return " ORDER BY " + strings.Join(by, ", ")
}

// groupingFlags are GROUPING(gi), which tell a total from a missing value.
func groupingFlags(grouping []string) []string {
	var out []string
	for _, g := range grouping {
		out = append(out, "GROUPING("+g+")")
	}
	return out
}

// rowColumns selects the measure values, m0..mn, and names the one dataset
// whose rows are counted and measured ("" when the query only counts people).
func (b *sqlBuilder) rowColumns(q query.Query) (string, []string, error) {
	var ds string
	var cols []string
	for _, m := range q.Measures {
		var from string
		switch m.Kind {
		case query.CountEvents:
			from = m.Dataset
		case query.Sum, query.Mean, query.Percentile:
			col, _, err := b.column(m.Column)
			if err != nil {
				return "", nil, err
			}
			from, _, _ = strings.Cut(m.Column, ".")
			cols = append(cols, col+"::double precision AS m"+strconv.Itoa(len(cols)))
		default:
			continue
		}
		if ds != "" && ds != from {
			return "", nil, fmt.Errorf("query: events and measures must all be of one dataset, not %s and %s", ds, from)
		}
		ds = from
	}
	return ds, cols, nil
}

// aggregates are the outer select's measures: people, then per measure its
// value and, for value measures, the number of people who gave one and, for
// a mean, the number of values. Sums, means and percentiles are of the
// values with their noise (noisy).
func (b *sqlBuilder) aggregates(q query.Query) []string {
	out := []string{"COUNT(DISTINCT pid)"}
	m := 0
	for _, ms := range q.Measures {
		col := "m" + strconv.Itoa(m)
		val := noisy(col, "pid", ms.Column)
		contributors := "COUNT(DISTINCT pid) FILTER (WHERE " + col + " IS NOT NULL)"
		switch ms.Kind {
		case query.CountEvents:
			out = append(out, "COUNT(DISTINCT row_id)")
		case query.Sum:
			out = append(out, "SUM("+val+")", contributors)
			m++
		case query.Mean:
			out = append(out, "AVG("+val+")", contributors, "COUNT("+col+")")
			m++
		case query.Percentile:
			out = append(out, b.percentile(ms.P, val), contributors)
			m++
		}
	}
	return out
}

// percentile is the continuous percentile p of the values val.
func (b *sqlBuilder) percentile(p float64, val string) string {
	return "percentile_cont(" + b.arg(p) + "::double precision) WITHIN GROUP (ORDER BY " + val + ")"
}

// where keeps the rows that pass every filter, belong to the cohort and to
// people every needed opt-out list permits.
func (b *sqlBuilder) where(q query.Query, lists []string) (string, error) {
	base := q.Datasets[0]
	pid := b.person(base, b.alias[base])
	conds := []string{"true"}
	for _, f := range q.Filters {
		c, err := b.filter(f)
		if err != nil {
			return "", err
		}
		conds = append(conds, c)
	}
	if q.Cohort != nil {
		c, err := b.cohort(*q.Cohort, pid)
		if err != nil {
			return "", err
		}
		conds = append(conds, c)
	}
	if len(lists) > 0 {
		conds = append(conds, b.optOuts(lists, pid)...)
	}
	return " WHERE " + strings.Join(conds, " AND "), nil
}

// filter is one filter's condition, its values bound as text and cast to
// the column's type.
func (b *sqlBuilder) filter(f query.Filter) (string, error) {
	col, c, err := b.column(f.Column)
	if err != nil {
		return "", err
	}
	return b.filterOn(col, *c, f)
}

// filterOn is filter's condition on the expression col, a value of column c.
func (b *sqlBuilder) filterOn(col string, c catalogue.Column, f query.Filter) (string, error) {
	typ := sqlTypes[c.Type]
	one := func(v query.Value) string { return "CAST(CAST(" + b.arg(string(v)) + " AS text) AS " + typ + ")" }
	ops := map[query.Op]string{query.Eq: "=", query.Gt: ">", query.Gte: ">=", query.Lt: "<", query.Lte: "<="}
	switch {
	case f.Op == query.In:
		vals := make([]string, len(f.Values))
		for i, v := range f.Values {
			vals[i] = string(v)
		}
		return col + " = ANY(CAST(CAST(" + b.arg(vals) + " AS text[]) AS " + typ + "[]))", nil
	case f.Op == query.Between && len(f.Values) == 2:
		return col + " BETWEEN " + one(f.Values[0]) + " AND " + one(f.Values[1]), nil
	case ops[f.Op] != "" && len(f.Values) == 1:
		return col + " " + ops[f.Op] + " " + one(f.Values[0]), nil
	}
	return "", fmt.Errorf("query: filter on %s: operator %q with %d values", f.Column, f.Op, len(f.Values))
}

// cohort keeps the people with at least one row of the cohort's dataset
// that passes its filters. The dataset gets an alias of its own, as it may
// also be one of the query's datasets.
func (b *sqlBuilder) cohort(c query.Cohort, pid string) (string, error) {
	saved, had := b.alias[c.Dataset]
	b.alias[c.Dataset] = "c0"
	defer func() {
		if had {
			b.alias[c.Dataset] = saved
		} else {
			delete(b.alias, c.Dataset)
		}
	}()
	conds := []string{b.person(c.Dataset, "c0") + " = " + pid}
	for _, f := range c.Filters {
		cond, err := b.filter(f)
		if err != nil {
			return "", err
		}
		conds = append(conds, cond)
	}
	return "EXISTS (SELECT FROM " + b.table(c.Dataset) + " c0 WHERE " + strings.Join(conds, " AND ") + ")", nil
}

// optOuts are the conditions that keep only people every needed list
// permits, written as one anti-join per form so that the planner hashes the
// lists once, whatever their size: every list must have a current version
// (a missing list keeps no one), no deny list may hold the person, and every
// allow list must. docs/optout.md gives the same rule per list; the tests
// check that both agree with optout_permits.
func (b *sqlBuilder) optOuts(lists []string, pid string) []string {
	l := b.arg(lists)
	return []string{
		"(SELECT count(*) FROM optout_current oc WHERE oc.list = ANY(" + l + "::text[])) = cardinality(" + l + "::text[])",
		"NOT EXISTS (SELECT FROM optout_current oc JOIN optout_entries oe ON oe.version_id = oc.id" +
			" WHERE oc.list = ANY(" + l + "::text[]) AND oc.form = 'deny' AND oe.pid = " + pid + ")",
		"NOT EXISTS (SELECT FROM optout_current oc WHERE oc.list = ANY(" + l + "::text[]) AND oc.form = 'allow'" +
			" AND NOT EXISTS (SELECT FROM optout_entries oe WHERE oe.version_id = oc.id AND oe.pid = " + pid + "))",
	}
}
