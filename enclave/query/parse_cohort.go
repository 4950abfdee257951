package query

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// cohort reads person IN (SELECT person FROM dataset WHERE ...), the
// cohort: the people with at least one row of dataset matching the
// subquery's conditions.
func (p *parser) cohort(sl *pg.SubLink) error {
	const shape = "a subquery is only allowed as the cohort: person IN (SELECT person FROM dataset WHERE ...)"
	at := offsetOf(sl)
	switch {
	case p.inCohort:
		return p.fail(at, "a cohort cannot contain another cohort")
	case sl.SubLinkType == pg.SubLinkType_EXISTS_SUBLINK:
		return p.fail(at, "EXISTS is not supported: "+shape)
	case sl.SubLinkType != pg.SubLinkType_ANY_SUBLINK || len(sl.OperName) > 0 && !slices.Equal(strs(sl.OperName), []string{"="}):
		return p.fail(at, "%s", shape) // person < ANY (SELECT ...), for one
	}
	if err := p.person(sl.Testexpr, offsetOf(sl.Testexpr), shape); err != nil {
		return err
	}
	if p.q.Cohort != nil {
		return p.fail(at, "only one cohort (person IN (SELECT ...)) per query")
	}
	sub := sl.Subselect.GetSelectStmt()
	if sub == nil {
		return p.fail(offsetOf(sl.Subselect), "%s", shape)
	}
	if err := p.clauses(sub); err != nil {
		return err
	}
	datasets, err := p.from(sub)
	if err != nil {
		return err
	}
	if len(datasets) != 1 {
		return p.fail(offsetOf(sub.FromClause[0]), "the cohort is drawn from one dataset: no JOIN in its subquery")
	}
	if len(sub.GroupClause) > 0 {
		return p.fail(offsetOf(sub.GroupClause[0]), "GROUP BY is not supported in the cohort's subquery")
	}
	p.q.Cohort = &Cohort{Dataset: datasets[0]}
	p.inCohort = true
	defer func() { p.inCohort = false }()
	const alone = "the cohort's subquery selects person alone: SELECT person FROM ..."
	if len(sub.TargetList) != 1 || sub.TargetList[0].GetResTarget().Name != "" {
		return p.fail(p.keywordAfter(at, at, "select"), alone)
	}
	if err := p.person(sub.TargetList[0].GetResTarget().Val, offsetOf(sub.TargetList[0]), alone); err != nil {
		return err
	}
	return p.where(sub.WhereClause)
}
