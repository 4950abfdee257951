package postgres

import (
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// peopleSQL is the second statement of a query with a percentile whose
// disclosure rules look at its people one by one (a query without one gets
// the same figures from its one statement, buildPersonQuery). Per cell (margins included), and per value
// measure (sum, mean, percentile), it gives:
//
//   - for the magnitude rules: the largest contributions as absolute values,
//     largest first, and the sum of every contribution's absolute value. A
//     person's contribution is the total of their values of the measure's
//     column in the cell, missing values left out (a person with none
//     contributes nothing), without noise: the rules judge the true values;
//   - for a percentile: how many people have a value (with its noise, as the
//     percentile ranks them) below it, and how many above;
//   - for the differencing ledger: each contributor's key, the first 8 bytes
//     of their pseudonym mixed with a hash of their contribution
//     (contributionKeys), so that two answers about the same people whose
//     values differ (one more reading in a window) differ in the ledger too.
//
// And per cell, for cell-key perturbation, the cell's key: the sum of its
// people's record keys, the last byte of their pseudonym (keyed HMAC output,
// so uniform on 0 to 255 and unknowable without the key). None of it is
// ever released.
type peopleSQL struct {
	text          string
	args          []any
	dims          int
	measures      []query.MeasureKind // the value measures, in order
	top           bool                // the magnitude rules' figures are given
	contributions bool                // the contributors' keys are given
	cellKeys      bool
}

// peopleNeeds says what the statements of q must give besides the answer:
// the magnitude rules' largest contributions (top of them), the sides of
// percentiles, the contributors' keys (with the ledger on), cell keys, and
// each cell's people (members: for the ledger, and to count the people of
// the other rows disclosure control gathers hidden cells into).
type peopleNeeds struct {
	top           int
	sides         bool
	contributions bool
	cellKeys      bool
	members       bool
}

// any says whether a query with a percentile needs its people statement.
func (n peopleNeeds) any() bool { return n.top > 0 || n.sides || n.contributions || n.cellKeys }

// needsPeople says what the statements of q must give under rules, with
// ledger when the differencing ledger needs each cell's people and their
// contributions, and members when anything needs each cell's people.
func needsPeople(q query.Query, rules disclosure.Rules, ledger, members bool) peopleNeeds {
	n := peopleNeeds{members: members}
	for _, m := range q.Measures {
		switch m.Kind {
		case query.Percentile:
			n.sides = true
			fallthrough
		case query.Sum, query.Mean:
			n.top = rules.TopNeeded()
			n.contributions = ledger
		}
	}
	n.cellKeys = rules.Mode == disclosure.ModeCellKey
	return n
}

// buildPeopleQuery writes the people statement of q: the query's distinct
// rows, grouped by cell and person, then by cell, joined to each cell's
// percentiles when it has any.
func buildPeopleQuery(q query.Query, cat *catalogue.Catalogue, lists []string, n peopleNeeds) (peopleSQL, error) {
	p, err := newQueryParts(q, cat, lists)
	if err != nil {
		return peopleSQL{}, err
	}
	stmt := peopleSQL{dims: len(p.grouping), top: n.top > 0, contributions: n.contributions, cellKeys: n.cellKeys}
	flags := make([]string, len(p.grouping))
	for i := range p.grouping {
		flags[i] = "f" + strconv.Itoa(i)
	}
	person := append(cloned(p.grouping), p.groupingAs(flags)...)
	person = append(person, "pid")
	percentiles := append(cloned(p.grouping), p.groupingAs(flags)...)
	var cell []string
	m := 0
	for _, ms := range q.Measures {
		if ms.Kind != query.Sum && ms.Kind != query.Mean && ms.Kind != query.Percentile {
			continue
		}
		i := strconv.Itoa(m)
		col, c := "m"+i, "c"+i
		stmt.measures = append(stmt.measures, ms.Kind)
		person = append(person, "SUM("+col+") AS "+c)
		if n.top > 0 {
			cell = append(cell, "(array_agg(abs("+c+") ORDER BY abs("+c+") DESC) FILTER (WHERE "+c+" IS NOT NULL))[1:"+p.b.arg(n.top)+"::int]",
				"COALESCE(SUM(abs("+c+")), 0)")
		}
		if ms.Kind == query.Percentile {
			val := noisy(col, "pid", ms.Column)
			person = append(person, "MIN("+val+") AS lo"+i, "MAX("+val+") AS hi"+i)
			percentiles = append(percentiles, p.b.percentile(ms.P, val)+" AS pv"+i)
			cell = append(cell, "COUNT(*) FILTER (WHERE p.lo"+i+" < pc.pv"+i+")", "COUNT(*) FILTER (WHERE p.hi"+i+" > pc.pv"+i+")")
		}
		if n.contributions {
			cell = append(cell, contributionKeys(c, ms.Column))
		}
		m++
	}
	if n.cellKeys {
		cell = append(cell, "COALESCE(SUM(get_byte(pid, octet_length(pid) - 1)), 0) % 256")
	}
	keys := make([]string, 0, 2*len(flags))
	for i := range p.grouping {
		keys = append(keys, "p."+p.grouping[i])
	}
	for _, f := range flags {
		keys = append(keys, "p."+f)
	}
	byCell := groupClause(p.grouping, q.Totals)
	rows := "r AS"
	if len(percentiles) > 2*len(flags) {
		rows = "r AS MATERIALIZED" // read twice: by person, and for the percentiles
	}
	text := "WITH " + rows + " " + p.rowsCTE() +
		", p AS (SELECT " + strings.Join(person, ", ") + " FROM r" + personGroup(byCell) + ")"
	from := " FROM p"
	if len(percentiles) > 2*len(flags) {
		text += ", pc AS (SELECT " + strings.Join(percentiles, ", ") + " FROM r" + byCell + ")"
		from += " JOIN pc ON " + sameCell(p.grouping, flags)
	}
	text += " SELECT " + strings.Join(append(keys, cell...), ", ") + from
	if len(keys) > 0 {
		text += " GROUP BY " + strings.Join(keys, ", ")
	}
	stmt.text, stmt.args = text, p.b.args
	return stmt, nil
}

// cloned returns a copy of s, so that appending to it leaves s alone.
func cloned(s []string) []string { return append([]string(nil), s...) }

// groupingAs are GROUPING(gi) AS flag.
func (p queryParts) groupingAs(flags []string) []string {
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = "GROUPING(" + p.grouping[i] + ") AS " + f
	}
	return out
}

// personGroup groups the rows by cell and person.
func personGroup(byCell string) string {
	if byCell == "" {
		return " GROUP BY pid"
	}
	return byCell + ", pid"
}

// sameCell joins p and pc on their cell: the same GROUPING flags, and the
// same group-by values, NULL (the missing category) matching NULL.
func sameCell(grouping, flags []string) string {
	conds := []string{"true"}
	for i, g := range grouping {
		conds = append(conds, "p."+flags[i]+" = pc."+flags[i], "p."+g+" IS NOT DISTINCT FROM pc."+g)
	}
	return strings.Join(conds, " AND ")
}
