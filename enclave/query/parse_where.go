package query

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// where reads a WHERE clause: predicates combined with AND.
func (p *parser) where(n *pg.Node) error {
	if n == nil {
		return nil
	}
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg.BoolExprType_AND_EXPR {
		for _, arg := range b.Args {
			if err := p.where(arg); err != nil {
				return err
			}
		}
		return nil
	}
	return p.predicate(n)
}

// predicate reads one condition of WHERE.
func (p *parser) predicate(n *pg.Node) error {
	switch {
	case n.GetBoolExpr() != nil && n.GetBoolExpr().Boolop == pg.BoolExprType_OR_EXPR:
		return p.fail(offsetOf(n), "OR is not supported: combine conditions with AND, and use IN (...) for several values of one column")
	case n.GetBoolExpr() != nil:
		return p.fail(offsetOf(n), "NOT is not supported: write column = false, or list the values wanted with IN (...)")
	case n.GetColumnRef() != nil: // a boolean column on its own
		col, err := p.column(n)
		if err != nil {
			return err
		}
		p.filter(Filter{Column: col, Op: Eq, Values: []Value{"true"}})
		return nil
	case n.GetAExpr() != nil:
		return p.comparison(n.GetAExpr())
	case n.GetSubLink() != nil:
		return p.cohort(n.GetSubLink())
	case n.GetNullTest() != nil:
		return p.fail(offsetOf(n), "IS NULL and IS NOT NULL are not supported")
	case n.GetBooleanTest() != nil:
		return p.fail(offsetOf(n), "IS TRUE and IS FALSE are not supported: write column = true or column = false")
	}
	return p.fail(offsetOf(n), "a condition compares a column with constants: =, <, <=, >, >=, IN (...) or BETWEEN")
}

// comparisons maps the operators accepted between a column and a constant
// to the filter they make, and to the filter they make with the constant
// written first (5 < column is column > 5).
var comparisons = map[string][2]Op{
	"=": {Eq, Eq}, "<": {Lt, Gt}, "<=": {Lte, Gte}, ">": {Gt, Lt}, ">=": {Gte, Lte},
}

// comparison reads column op constant, column IN (...) and column BETWEEN.
func (p *parser) comparison(e *pg.A_Expr) error {
	op := strs(e.Name)
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		ops, ok := comparisons[strings.Join(op, " ")] // OPERATOR(pg_catalog.=) is not "="
		if !ok {
			return p.fail(offsetOf(e), "the comparisons are =, <, <=, >, >=, IN (...) and BETWEEN; <> and NOT are not supported")
		}
		colSide, constSide, flip := e.Lexpr, e.Rexpr, 0
		if e.Lexpr.GetColumnRef() == nil && e.Rexpr.GetColumnRef() != nil {
			colSide, constSide, flip = e.Rexpr, e.Lexpr, 1
		}
		return p.filterOn(colSide, ops[flip], constSide)
	case pg.A_Expr_Kind_AEXPR_IN:
		if !slices.Equal(op, []string{"="}) {
			return p.fail(offsetOf(e), "NOT IN is not supported: list the values wanted with IN (...)")
		}
		return p.filterOn(e.Lexpr, In, e.Rexpr.GetList().GetItems()...)
	case pg.A_Expr_Kind_AEXPR_BETWEEN:
		return p.filterOn(e.Lexpr, Between, e.Rexpr.GetList().GetItems()...)
	case pg.A_Expr_Kind_AEXPR_NOT_BETWEEN, pg.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return p.fail(offsetOf(e), "only BETWEEN low AND high is supported: no NOT or SYMMETRIC")
	case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE, pg.A_Expr_Kind_AEXPR_SIMILAR:
		return p.fail(offsetOf(e), "pattern matching (LIKE, ILIKE, SIMILAR TO) is not supported: use = or IN (...)")
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		return p.fail(offsetOf(e), "ANY and ALL are not supported: use IN (...)")
	}
	return p.fail(offsetOf(e), "a condition compares a column with constants: =, <, <=, >, >=, IN (...) or BETWEEN")
}

// filterOn adds the filter column op values, reading the column and the
// constants.
func (p *parser) filterOn(colNode *pg.Node, op Op, consts ...*pg.Node) error {
	if colNode.GetColumnRef() == nil {
		return p.fail(offsetOf(colNode), "a condition compares a column, written alone, with constants")
	}
	col, err := p.column(colNode)
	if err != nil {
		return err
	}
	f := Filter{Column: col, Op: op}
	for _, c := range consts {
		v, err := p.constant(c)
		if err != nil {
			return err
		}
		f.Values = append(f.Values, v)
	}
	p.filter(f)
	return nil
}

// filter adds f to the query, or to the cohort when reading its subquery.
func (p *parser) filter(f Filter) {
	if p.inCohort {
		p.q.Cohort.Filters = append(p.q.Cohort.Filters, f)
	} else {
		p.q.Filters = append(p.q.Filters, f)
	}
}

// constant reads a constant: a number, a string, true or false, or a date
// written DATE 'YYYY-MM-DD' or 'YYYY-MM-DD'::date.
func (p *parser) constant(n *pg.Node) (Value, error) {
	if tc := n.GetTypeCast(); tc != nil {
		name := strs(tc.GetTypeName().GetNames())
		isDate := len(name) == 1 && name[0] == "date" || len(name) == 2 && name[0] == "pg_catalog" && name[1] == "date"
		if !isDate || len(tc.TypeName.Typmods) > 0 || len(tc.TypeName.ArrayBounds) > 0 || tc.Arg.GetAConst().GetSval() == nil {
			return "", p.fail(offsetOf(n), "casts are not supported, except DATE 'YYYY-MM-DD'")
		}
		return Value(tc.Arg.GetAConst().GetSval().Sval), nil
	}
	c := n.GetAConst()
	switch {
	case c == nil && n.GetColumnRef() != nil:
		return "", p.fail(offsetOf(n), "compare a column with a constant, not with another column")
	case c == nil:
		return "", p.fail(offsetOf(n), "only constants are allowed here: no expressions, functions or parameters")
	case c.Isnull:
		return "", p.fail(offsetOf(n), "NULL is not supported")
	case c.GetIval() != nil:
		return Value(strconv.FormatInt(int64(c.GetIval().Ival), 10)), nil
	case c.GetFval() != nil:
		return Value(c.GetFval().Fval), nil
	case c.GetSval() != nil:
		return Value(c.GetSval().Sval), nil
	case c.GetBoolval() != nil:
		return Value(strconv.FormatBool(c.GetBoolval().Boolval)), nil
	}
	return "", p.fail(offsetOf(n), "bit strings are not supported")
}
