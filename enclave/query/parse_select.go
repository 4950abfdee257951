package query

import (
	"slices"
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// aggregate reads one aggregate of the SELECT list into a Measure.
func (p *parser) aggregate(fc *pg.FuncCall) (Measure, error) {
	at := offsetOf(fc)
	name := strs(fc.Funcname)
	switch {
	case len(name) != 1:
		return Measure{}, p.fail(at, "write the aggregate's name alone: COUNT, SUM, AVG or PERCENTILE_CONT")
	case fc.Over != nil:
		return Measure{}, p.fail(p.keywordAfter(at, at, "over"), "window functions (OVER) are not supported")
	case fc.AggFilter != nil:
		f := offsetOf(fc.AggFilter)
		return Measure{}, p.fail(p.keywordBefore(f, f, "filter"), "FILTER is not supported: put conditions in WHERE")
	case fc.FuncVariadic:
		return Measure{}, p.fail(at, "VARIADIC is not supported")
	case fc.AggWithinGroup != (name[0] == "percentile_cont"):
		return Measure{}, p.fail(at, "WITHIN GROUP is only for PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY column)")
	case len(fc.AggOrder) > 0 && !fc.AggWithinGroup:
		return Measure{}, p.fail(offsetOf(fc.AggOrder[0]), "ORDER BY inside an aggregate is not supported")
	case fc.AggDistinct && name[0] != "count":
		return Measure{}, p.fail(at, "DISTINCT is only for counting people: COUNT(DISTINCT person)")
	}
	switch name[0] {
	case "count":
		return p.count(fc)
	case "sum", "avg":
		if len(fc.Args) != 1 {
			return Measure{}, p.fail(at, "SUM and AVG take one measure column")
		}
		col, err := p.column(fc.Args[0])
		if name[0] == "sum" {
			return Measure{Kind: Sum, Column: col}, err
		}
		return Measure{Kind: Mean, Column: col}, err
	case "percentile_cont":
		return p.percentile(fc)
	}
	return Measure{}, p.fail(at, "the aggregates are COUNT(DISTINCT person), COUNT(*), SUM, AVG and PERCENTILE_CONT")
}

// count reads COUNT(DISTINCT person), COUNT(*) and COUNT(dataset.*).
func (p *parser) count(fc *pg.FuncCall) (Measure, error) {
	at := offsetOf(fc)
	if fc.AggStar {
		if len(p.q.Datasets) != 1 {
			return Measure{}, p.fail(at, "with a JOIN, say whose rows COUNT counts: COUNT(dataset.*)")
		}
		return Measure{Kind: CountEvents, Dataset: p.q.Datasets[0]}, nil
	}
	if len(fc.Args) != 1 || fc.Args[0].GetColumnRef() == nil {
		return Measure{}, p.fail(at, "COUNT counts people, COUNT(DISTINCT person), or rows, COUNT(*)")
	}
	dataset, name, err := p.reference(fc.Args[0].GetColumnRef())
	switch {
	case err != nil:
		return Measure{}, err
	case name == person && fc.AggDistinct:
		return Measure{Kind: CountPeople}, nil
	case name == "*" && dataset != "" && !fc.AggDistinct:
		return Measure{Kind: CountEvents, Dataset: dataset}, nil
	}
	return Measure{}, p.fail(offsetOf(fc.Args[0]), "COUNT counts people, COUNT(DISTINCT person), or rows, COUNT(*) or COUNT(dataset.*)")
}

// percentile reads PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY column).
func (p *parser) percentile(fc *pg.FuncCall) (Measure, error) {
	if len(fc.Args) != 1 || len(fc.AggOrder) != 1 || fc.AggOrder[0].GetSortBy() == nil {
		return Measure{}, p.fail(offsetOf(fc), "write PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY column)")
	}
	c := fc.Args[0].GetAConst()
	var frac float64
	if c != nil && c.GetFval() != nil {
		frac, _ = strconv.ParseFloat(c.GetFval().Fval, 64)
	}
	if !(frac > 0 && frac < 1) {
		return Measure{}, p.fail(offsetOf(fc.Args[0]), "the percentile must be a number between 0 and 1, such as 0.5 for the median")
	}
	sb := fc.AggOrder[0].GetSortBy()
	switch {
	case sb.SortbyDir != pg.SortByDir_SORTBY_DEFAULT && sb.SortbyDir != pg.SortByDir_SORTBY_ASC:
		return Measure{}, p.fail(offsetOf(sb), "only ascending order: for the top 10%% write PERCENTILE_CONT(0.9)")
	case sb.SortbyNulls != pg.SortByNulls_SORTBY_NULLS_DEFAULT:
		return Measure{}, p.fail(offsetOf(sb), "NULLS FIRST and NULLS LAST are not supported")
	}
	col, err := p.column(sb.Node)
	return Measure{Kind: Percentile, Column: col, P: frac}, err
}

// groupBy reads GROUP BY, or GROUP BY CUBE (...) for totals, and checks that
// it lists exactly the selected dimensions.
func (p *parser) groupBy(sel *pg.SelectStmt, dims []located) error {
	items := sel.GroupClause
	if len(items) == 1 && items[0].GetGroupingSet() != nil {
		gs := items[0].GetGroupingSet()
		if gs.Kind != pg.GroupingSetKind_GROUPING_SET_CUBE {
			return p.fail(offsetOf(gs), "only CUBE (...) is supported for totals: ROLLUP and GROUPING SETS give only some of them")
		}
		items, p.q.Totals = gs.Content, true
	}
	var grouped []located
	for _, n := range items {
		if n.GetColumnRef() == nil {
			return p.fail(offsetOf(n), "GROUP BY lists the selected columns by name (or CUBE of them for totals)")
		}
		col, err := p.column(n)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(grouped, func(g located) bool { return g.name == col }) {
			return p.fail(offsetOf(n), "this column is already in GROUP BY")
		}
		grouped = append(grouped, located{col, offsetOf(n)})
		p.q.GroupBy = append(p.q.GroupBy, col)
	}
	for _, d := range dims {
		if !slices.Contains(p.q.GroupBy, d.name) {
			return p.fail(d.pos, "a selected column must be in GROUP BY, written the same way")
		}
	}
	for _, g := range grouped {
		if !slices.ContainsFunc(dims, func(d located) bool { return d.name == g.name }) {
			return p.fail(g.pos, "a grouped column must also be selected, written the same way")
		}
	}
	return nil
}
