package postgres

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// distributableQuestions cover every measure kind, joins of two and three
// datasets, cohorts, filters and totals.
var distributableQuestions = []string{
	"SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY CUBE (sex)",
	"SELECT deprivation_decile, COUNT(DISTINCT person) FROM patients WHERE year_of_birth BETWEEN 2008 AND 2019 GROUP BY deprivation_decile",
	`SELECT age_band, sex, COUNT(DISTINCT person), COUNT(ae_attendances.*) FROM ae_attendances JOIN patients USING (person) WHERE alcohol_related AND arrival_date BETWEEN '2023-01-01' AND '2023-12-31' GROUP BY CUBE (age_band, sex)`,
	"SELECT age_band, SUM(wait_minutes) FROM ae_attendances GROUP BY CUBE (age_band)",
	"SELECT obese, AVG(bmi) FROM gp_events GROUP BY obese",
	"SELECT ckd_stage, AVG(egfr), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY egfr) FROM gp_events WHERE ckd_stage IN ('3a', '3b') GROUP BY ckd_stage",
	"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE person IN (SELECT person FROM gp_events WHERE obese) GROUP BY CUBE (sex)",
	"SELECT ckd_stage, deprivation_decile, COUNT(DISTINCT person) FROM gp_events JOIN patients USING (person) GROUP BY ckd_stage, deprivation_decile",
	"SELECT sex, COUNT(DISTINCT person), SUM(wait_minutes) FROM ae_attendances JOIN patients USING (person) JOIN gp_events USING (person) WHERE obese GROUP BY sex",
}

// TestGeneratedSQLIsDistributable: every statement the enclave generates
// keeps what Citus needs to run it shard by shard when every dataset is
// distributed by its person column (docs/scaling.md): joins between
// datasets are on the person, and every subquery that reads a dataset or
// the opt-out entries is correlated on the person. Run with each needs of
// disclosure control and the ledger, and with and without opt-out lists.
func TestGeneratedSQLIsDistributable(t *testing.T) {
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	people := personColumns(cat)
	rules := []disclosure.Rules{{Threshold: 10, Rounding: 5}, {Mode: disclosure.ModeCellKey, Magnitude: disclosure.DefaultMagnitude()}}
	for _, sql := range distributableQuestions {
		q, err := query.Parse(sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		v, err := query.Validate(q, cat, query.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		statements := 0
		for _, lists := range [][]string{nil, {"ndoo", "type1"}} {
			for _, r := range rules {
				ledger := len(lists) > 0
				need := needsPeople(v, r, ledger, ledger)
				stmt, err := buildQuery(v, cat, lists, need)
				if err != nil {
					t.Fatal(err)
				}
				texts := []string{stmt.text}
				if hasPercentile(v) && need.any() {
					ps, err := buildPeopleQuery(v, cat, lists, need)
					if err != nil {
						t.Fatal(err)
					}
					texts = append(texts, ps.text)
				}
				for _, text := range texts {
					statements++
					for _, p := range distributionProblems(t, text, people) {
						t.Errorf("%s\n%s\nin: %s", sql, p, text)
					}
				}
			}
		}
		if statements == 0 {
			t.Errorf("%s: no statement checked", sql)
		}
	}
}

// TestDistributionProblemsAreFound: the check fails the statements Citus
// could not run shard by shard.
func TestDistributionProblemsAreFound(t *testing.T) {
	people := map[string]string{"ds_a": "pid", "ds_b": "pid", "optout_entries": "pid"}
	for _, c := range []struct{ sql, want string }{
		{`SELECT count(*) FROM ds_a a JOIN ds_b b ON b.lsoa = a.lsoa`, "join of ds_a and ds_b"},
		{`SELECT count(*) FROM ds_a a JOIN ds_b b ON b.pid = a.lsoa`, "join of ds_a and ds_b"},
		{`SELECT count(*) FROM ds_a a JOIN ds_b b ON b.pid = a.pid OR true`, "join of ds_a and ds_b"},
		{`SELECT count(*) FROM ds_a a WHERE EXISTS (SELECT FROM ds_b b WHERE NOT (b.pid = a.pid))`, "subquery reading ds_b"},
		{`SELECT count(*) FROM ds_a a WHERE EXISTS (SELECT FROM ds_b b WHERE b.lsoa = a.lsoa)`, "subquery reading ds_b"},
		{`SELECT count(*) FROM ds_a a WHERE NOT EXISTS (SELECT FROM optout_entries oe WHERE oe.version_id = 3)`, "subquery reading optout_entries"},
		{`SELECT rank() OVER (PARTITION BY a.lsoa) FROM ds_a a`, "window"},
	} {
		problems := distributionProblems(t, c.sql, people)
		if len(problems) != 1 || !strings.Contains(problems[0], c.want) {
			t.Errorf("%s: problems %q, want one naming %q", c.sql, problems, c.want)
		}
	}
	ok := `SELECT count(*) FROM ds_a a JOIN ds_b b ON b.pid = a.pid WHERE NOT EXISTS (SELECT FROM optout_entries oe WHERE oe.pid = a.pid) AND rank() OVER (PARTITION BY a.pid) > 0`
	if problems := distributionProblems(t, ok, people); len(problems) != 0 {
		t.Errorf("a distributable statement: %q", problems)
	}
}

// personColumns maps each dataset table, and the opt-out entries, to its
// person column: the column Citus distributes it by.
func personColumns(cat *catalogue.Catalogue) map[string]string {
	people := map[string]string{"optout_entries": "pid"}
	for _, d := range cat.Datasets() {
		people[DatasetTable(d.Name, d.Version)] = d.Person
	}
	return people
}

// distributionProblems parses sql with PostgreSQL's parser and lists what
// would keep it from running shard by shard.
func distributionProblems(t *testing.T, sql string, people map[string]string) []string {
	t.Helper()
	tree, err := pg_query.Parse(sql)
	if err != nil {
		t.Fatalf("the statement does not parse: %v\n%s", err, sql)
	}
	c := &distChecker{people: people}
	for _, s := range tree.Stmts {
		c.visit(s.Stmt.ProtoReflect())
	}
	return c.problems
}

// distChecker walks a parse tree keeping, for each enclosing SELECT, the
// aliases of the distributed tables in its FROM.
type distChecker struct {
	people   map[string]string   // distributed table -> person column
	scopes   []map[string]string // alias -> table, innermost last
	problems []string
}

func (c *distChecker) visit(m protoreflect.Message) {
	switch n := m.Interface().(type) {
	case *pg_query.SelectStmt:
		c.scopes = append(c.scopes, c.aliases(n.FromClause))
		defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	case *pg_query.JoinExpr:
		c.join(n)
	case *pg_query.SubLink:
		c.subLink(n)
	case *pg_query.WindowDef:
		c.window(n)
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i, l := 0, v.List(); i < l.Len(); i++ {
				c.visit(l.Get(i).Message())
			}
		case !fd.IsMap() && fd.Message() != nil:
			c.visit(v.Message())
		}
		return true
	})
}

// aliases lists the distributed tables of a FROM list by alias, through
// joins but not into subqueries, which have their own scope.
func (c *distChecker) aliases(from []*pg_query.Node) map[string]string {
	out := map[string]string{}
	var add func(n *pg_query.Node)
	add = func(n *pg_query.Node) {
		switch {
		case n.GetRangeVar() != nil:
			rv := n.GetRangeVar()
			if _, ok := c.people[rv.Relname]; ok {
				alias := rv.Relname
				if rv.Alias != nil {
					alias = rv.Alias.Aliasname
				}
				out[alias] = rv.Relname
			}
		case n.GetJoinExpr() != nil:
			add(n.GetJoinExpr().Larg)
			add(n.GetJoinExpr().Rarg)
		}
	}
	for _, n := range from {
		add(n)
	}
	return out
}

// join: a join between distributed tables equates their person columns.
func (c *distChecker) join(j *pg_query.JoinExpr) {
	left, right := c.aliases([]*pg_query.Node{j.Larg}), c.aliases([]*pg_query.Node{j.Rarg})
	if len(left) == 0 || len(right) == 0 {
		return
	}
	if !c.equatesPeople(j.Quals, left, right) {
		c.problems = append(c.problems, fmt.Sprintf("join of %s and %s is not on their person columns", tables(left), tables(right)))
	}
}

// subLink: a subquery reading a distributed table is correlated on the
// person with a distributed table of an enclosing query.
func (c *distChecker) subLink(s *pg_query.SubLink) {
	sel := s.Subselect.GetSelectStmt()
	if sel == nil {
		return
	}
	inner := c.aliases(sel.FromClause)
	if len(inner) == 0 {
		return
	}
	outer := map[string]string{}
	for _, scope := range c.scopes {
		for a, tbl := range scope {
			outer[a] = tbl
		}
	}
	if !c.equatesPeople(sel.WhereClause, inner, outer) {
		c.problems = append(c.problems, fmt.Sprintf("subquery reading %s is not correlated on the person", tables(inner)))
	}
}

// window: a window over a distributed table's rows is partitioned by the
// person.
func (c *distChecker) window(w *pg_query.WindowDef) {
	for _, p := range w.PartitionClause {
		if alias, col, ok := columnRef(p); ok && len(c.scopes) > 0 {
			if tbl, found := c.scopes[len(c.scopes)-1][alias]; found && c.people[tbl] == col {
				continue
			}
		}
		c.problems = append(c.problems, "window not partitioned by the person")
		return
	}
	if len(w.PartitionClause) == 0 {
		c.problems = append(c.problems, "window over every row, not partitioned by the person")
	}
}

// equatesPeople reports whether one of the conjuncts of cond (the terms of
// its top-level AND) is a = between the person column of a table of a and
// that of a table of b: an equality under OR or NOT restricts nothing.
func (c *distChecker) equatesPeople(cond *pg_query.Node, a, b map[string]string) bool {
	for _, term := range conjuncts(cond) {
		e := term.GetAExpr()
		if e == nil || e.Kind != pg_query.A_Expr_Kind_AEXPR_OP || opName(e) != "=" {
			continue
		}
		la, lc, lok := columnRef(e.Lexpr)
		ra, rc, rok := columnRef(e.Rexpr)
		if lok && rok && (c.isPerson(a, la, lc) && c.isPerson(b, ra, rc) || c.isPerson(b, la, lc) && c.isPerson(a, ra, rc)) {
			return true
		}
	}
	return false
}

// conjuncts flattens the top-level ANDs of cond.
func conjuncts(cond *pg_query.Node) []*pg_query.Node {
	if b := cond.GetBoolExpr(); b != nil && b.Boolop == pg_query.BoolExprType_AND_EXPR {
		var out []*pg_query.Node
		for _, arg := range b.Args {
			out = append(out, conjuncts(arg)...)
		}
		return out
	}
	if cond == nil {
		return nil
	}
	return []*pg_query.Node{cond}
}

func (c *distChecker) isPerson(aliases map[string]string, alias, col string) bool {
	tbl, ok := aliases[alias]
	return ok && c.people[tbl] == col
}

// columnRef reads alias.column.
func columnRef(n *pg_query.Node) (alias, col string, ok bool) {
	ref := n.GetColumnRef()
	if ref == nil || len(ref.Fields) != 2 {
		return "", "", false
	}
	return ref.Fields[0].GetString_().GetSval(), ref.Fields[1].GetString_().GetSval(), true
}

func opName(e *pg_query.A_Expr) string {
	if len(e.Name) != 1 {
		return ""
	}
	return e.Name[0].GetString_().GetSval()
}

func tables(aliases map[string]string) string {
	seen := map[string]bool{}
	var out []string
	for _, t := range aliases {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}
