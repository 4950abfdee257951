package query

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// person is the name the SQL gives the person pseudonym in every dataset,
// whatever the dataset's own person column is called.
const person = "person"

// scope returns the datasets the statement part being read may name: the
// cohort's, inside the cohort's subquery, else those in FROM.
func (p *parser) scope() []string {
	if p.inCohort {
		return []string{p.q.Cohort.Dataset}
	}
	return p.q.Datasets
}

// reference splits a column reference into its dataset ("" when not
// written) and its last part, which is "*" for dataset.*.
func (p *parser) reference(cr *pg.ColumnRef) (dataset, name string, err error) {
	parts := make([]string, len(cr.Fields))
	for i, f := range cr.Fields {
		switch {
		case f.GetString_() != nil:
			parts[i] = f.GetString_().Sval
		case f.GetAStar() != nil && i == len(cr.Fields)-1:
			parts[i] = "*"
		default:
			return "", "", p.fail(offsetOf(cr), "write a column as column or dataset.column")
		}
	}
	switch len(parts) {
	case 1:
		return "", parts[0], nil
	case 2:
		if !slices.Contains(p.scope(), parts[0]) {
			if p.inCohort {
				return "", "", p.fail(offsetOf(cr), "the cohort's subquery may only use its own dataset")
			}
			return "", "", p.fail(offsetOf(cr), "this dataset is not in FROM")
		}
		return parts[0], parts[1], nil
	}
	return "", "", p.fail(offsetOf(cr), "write a column as column or dataset.column")
}

// column reads a reference to an ordinary column and returns it qualified
// when the statement part names a single dataset. The person and * are
// refused.
func (p *parser) column(n *pg.Node) (string, error) {
	cr := n.GetColumnRef()
	if cr == nil {
		return "", p.fail(offsetOf(n), "expected a column")
	}
	dataset, name, err := p.reference(cr)
	switch {
	case err != nil:
		return "", err
	case name == "*":
		return "", p.fail(offsetOf(cr), "* is not supported: name the columns")
	case name == person:
		return "", p.fail(offsetOf(cr), "person is the pseudonym: it can only be counted, COUNT(DISTINCT person), or joined on")
	case dataset != "":
		return dataset + "." + name, nil
	case len(p.scope()) == 1:
		return p.scope()[0] + "." + name, nil
	}
	return name, nil
}

// person refuses n, with message at pos, unless it is the person
// pseudonym, written person or dataset.person.
func (p *parser) person(n *pg.Node, pos int, message string) error {
	cr := n.GetColumnRef()
	if cr == nil {
		return p.fail(pos, "%s", message)
	}
	_, name, err := p.reference(cr)
	if err == nil && name != person {
		err = p.fail(pos, "%s", message)
	}
	return err
}

// targets reads the SELECT list into the query's measures and returns the
// selected dimensions, with where each was written.
func (p *parser) targets(list []*pg.Node) ([]located, error) {
	if len(list) == 0 {
		return nil, p.fail(p.firstToken(0), "select at least one aggregate: COUNT(DISTINCT person), COUNT(*), SUM, AVG or PERCENTILE_CONT")
	}
	var dims []located
	for _, n := range list {
		rt := n.GetResTarget()
		switch {
		case rt.Name != "":
			return nil, p.fail(offsetOf(rt), "column aliases (AS) are not supported: results are labelled by the query")
		case rt.Val.GetFuncCall() != nil:
			m, err := p.aggregate(rt.Val.GetFuncCall())
			if err != nil {
				return nil, err
			}
			p.q.Measures = append(p.q.Measures, m)
		case rt.Val.GetColumnRef() != nil:
			col, err := p.column(rt.Val)
			if err != nil {
				return nil, err
			}
			dims = append(dims, located{col, offsetOf(rt.Val)})
		default:
			return nil, p.fail(offsetOf(rt.Val), "only columns and the aggregates COUNT, SUM, AVG and PERCENTILE_CONT may be selected")
		}
	}
	if len(p.q.Measures) == 0 {
		first := offsetOf(list[0])
		return nil, p.fail(p.keywordBefore(first, first, "select"),
			"select at least one aggregate: COUNT(DISTINCT person), COUNT(*), SUM, AVG or PERCENTILE_CONT")
	}
	return dims, nil
}

// located is a column name and the offset where the statement wrote it.
type located struct {
	name string
	pos  int
}
