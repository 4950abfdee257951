package query

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// clauses refuses the parts of a SELECT that are outside the subset.
func (p *parser) clauses(sel *pg.SelectStmt) error {
	first := 0
	if len(sel.TargetList) > 0 {
		first = offsetOf(sel.TargetList[0])
	}
	switch {
	case sel.Op != pg.SetOperation_SETOP_NONE:
		at := offsetOf(sel.Rarg)
		return p.fail(p.keywordBefore(at, at, "union", "intersect", "except"),
			"UNION, INTERSECT and EXCEPT are not supported: write one SELECT")
	case sel.WithClause != nil:
		return p.fail(offsetOf(sel.WithClause), "WITH (common table expressions) is not supported")
	case len(sel.ValuesLists) > 0:
		at := offsetOf(sel)
		return p.fail(p.keywordBefore(at, at, "values"), "VALUES is not supported: write SELECT ... FROM a dataset")
	case sel.IntoClause != nil:
		at := offsetOf(sel.IntoClause)
		return p.fail(p.keywordBefore(at, at, "into"), "SELECT INTO is not supported")
	case len(sel.DistinctClause) > 0:
		return p.fail(p.keywordBefore(first, first, "distinct"),
			"SELECT DISTINCT is not supported: GROUP BY gives one row per combination")
	case len(sel.WindowClause) > 0:
		at := offsetOf(sel.WindowClause[0])
		return p.fail(p.keywordBefore(at, at, "window"), "window functions (WINDOW, OVER) are not supported")
	case sel.HavingClause != nil:
		at := offsetOf(sel.HavingClause)
		return p.fail(p.keywordBefore(at, at, "having"),
			"HAVING is not supported: disclosure control decides which cells are released")
	case len(sel.SortClause) > 0:
		at := offsetOf(sel.SortClause[0])
		return p.fail(p.keywordBefore(at, at, "order"), "ORDER BY is not supported: results come in a fixed order")
	case sel.LimitCount != nil || sel.LimitOffset != nil:
		at := len(p.sql)
		for _, n := range []*pg.Node{sel.LimitCount, sel.LimitOffset} {
			if n != nil {
				at = min(at, offsetOf(n))
			}
		}
		return p.fail(p.keywordBefore(at, at, "limit", "offset", "fetch"), "LIMIT, OFFSET and FETCH are not supported")
	case len(sel.LockingClause) > 0:
		return p.fail(p.keywordBefore(len(p.sql), len(p.sql), "for"), "FOR UPDATE and FOR SHARE are not supported")
	case sel.GroupDistinct:
		at := offsetOf(sel.GroupClause[0])
		return p.fail(p.keywordBefore(at, at, "distinct"), "GROUP BY DISTINCT is not supported")
	case len(sel.FromClause) == 0:
		return p.fail(p.keywordBefore(first, 0, "select"), "FROM is missing: name a dataset")
	case len(sel.FromClause) > 1:
		return p.fail(offsetOf(sel.FromClause[1]), "datasets are joined with JOIN ... USING (person), not listed with commas")
	}
	return nil
}

// from reads the FROM clause: one dataset, or datasets joined with inner
// joins USING (person), in the order written.
func (p *parser) from(sel *pg.SelectStmt) ([]string, error) {
	var names []string
	var walk func(n *pg.Node) error
	walk = func(n *pg.Node) error {
		if rv := n.GetRangeVar(); rv != nil {
			name, err := p.dataset(rv)
			if err == nil && slices.Contains(names, name) {
				err = p.fail(offsetOf(rv), "this dataset is already in FROM: join each dataset once")
			}
			names = append(names, name)
			return err
		}
		je := n.GetJoinExpr()
		if je == nil {
			at := offsetOf(n)
			if n.GetRangeSubselect() != nil {
				at = p.keywordBefore(at, at, "(")
			}
			return p.fail(at, "only dataset names may appear in FROM: no subqueries or functions")
		}
		if err := p.join(je); err != nil {
			return err
		}
		if err := walk(je.Larg); err != nil {
			return err
		}
		return walk(je.Rarg)
	}
	if err := walk(sel.FromClause[0]); err != nil {
		return nil, err
	}
	return names, nil
}

// join refuses a join other than JOIN dataset USING (person).
func (p *parser) join(je *pg.JoinExpr) error {
	right := offsetOf(je.Rarg)
	joinWord := p.keywordBefore(right, right, "join")
	switch {
	case je.Jointype != pg.JoinType_JOIN_INNER:
		return p.fail(joinWord, "only inner joins are supported: JOIN dataset USING (person)")
	case je.IsNatural:
		return p.fail(joinWord, "NATURAL JOIN is not supported: JOIN dataset USING (person)")
	case je.Quals != nil:
		at := offsetOf(je.Quals)
		return p.fail(p.keywordBefore(at, at, "on"), "JOIN ... ON is not supported: join on the person with USING (person)")
	case len(je.UsingClause) == 0:
		return p.fail(joinWord, "a join needs USING (person)")
	case je.Alias != nil || je.JoinUsingAlias != nil:
		using := p.keywordAfter(right, right, "using")
		return p.fail(p.keywordAfter(using, using, "as"), "aliases are not supported: name datasets in full")
	}
	if names := strs(je.UsingClause); !slices.Equal(names, []string{"person"}) {
		return p.fail(p.keywordAfter(right, right, "using"), "datasets are joined on the person only: USING (person)")
	}
	return nil
}

// dataset reads a dataset name in FROM.
func (p *parser) dataset(rv *pg.RangeVar) (string, error) {
	switch {
	case rv.Catalogname != "" || rv.Schemaname != "":
		return "", p.fail(offsetOf(rv), "write the dataset name alone, without a schema")
	case rv.Alias != nil:
		return "", p.fail(offsetOf(rv), "aliases are not supported: name datasets in full")
	case !rv.Inh:
		return "", p.fail(p.keywordBefore(offsetOf(rv), offsetOf(rv), "only"), "ONLY is not supported")
	}
	return rv.Relname, nil
}
