package postgres

import (
	"slices"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave/colstore"
	"github.com/research-enclave/enclave/enclave/query"
)

// buildPersonQuery writes the one statement of a query without
// percentiles: the query's distinct rows grouped by cell and person (p: one
// row per person in each cell, margins included), then by cell. Every
// figure of the answer and of its protection comes from p:
//
//   - the people (one row each), events (their rows), and for each value
//     measure its value with noise (each person's total times their noise
//     factor), its contributors and, for a mean, its number of values;
//   - for the magnitude rules: the largest contributions as absolute
//     values, largest first, and the sum of every contribution's absolute
//     value. A person's contribution is the total of their values of the
//     measure's column in the cell, missing values left out (a person with
//     none contributes nothing), without noise: the rules judge the true
//     values;
//   - for the differencing ledger: each contributor's pseudonym's first 8
//     bytes and a hash of their contribution (contributionKeys), and each
//     person's first 8 bytes (memberKeys), once a person;
//   - for cell-key perturbation, the cell's key: the sum of its people's
//     record keys, the last byte of their pseudonym (keyed HMAC output, so
//     uniform on 0 to 255 and unknowable without the key).
//
// None of the protection figures is ever released. Grouping by person
// first costs one hashed aggregation of the rows, which a hand-written
// count of distinct people pays too (as a sort); the per-cell step reads a
// row a person, not a row an event (docs/benchmarks.md).
func buildPersonQuery(p queryParts, q query.Query, n peopleNeeds) querySQL {
	stmt := querySQL{dims: len(p.grouping), members: n.members, onePass: &onePass{
		top: n.top > 0, contributions: n.contributions, cellKey: n.cellKeys,
	}}
	person, cell, byCell := p.cellColumns(q.Totals)
	person, cell = p.measureColumns(q, n, person, append(cell, "count(*)"))
	if n.cellKeys {
		cell = append(cell, "COALESCE(SUM(get_byte(pid, octet_length(pid) - 1)), 0) % 256")
	}
	if stmt.members {
		cell = append(cell, memberKeys("pid"))
	}
	stmt.text = "WITH p AS (SELECT " + strings.Join(person, ", ") + " FROM " + p.distinctRows() +
		personGroup(groupClause(p.grouping, q.Totals)) + ")" + " SELECT " + strings.Join(cell, ", ") + " FROM p"
	if len(byCell) > 0 {
		stmt.text += " GROUP BY " + strings.Join(byCell, ", ")
	}
	stmt.text += orderClause(len(p.grouping))
	stmt.args = p.b.args
	return stmt
}

// cellColumns are the columns that say which cell a row is in: p's (the
// group-by values, their GROUPING flags with totals, and the person), the
// cells' (the values and the flags), and what the cells are grouped by.
// Without totals every flag is 0: the cells are grouped by their values
// alone, which lets the planner hash them.
func (p queryParts) cellColumns(totals bool) (person, cell, byCell []string) {
	flags := make([]string, len(p.grouping))
	for i := range p.grouping {
		flags[i] = "f" + strconv.Itoa(i)
	}
	if !totals {
		for range flags {
			cell = append(cell, "0")
		}
		return append(cloned(p.grouping), "pid"), append(cloned(p.grouping), cell...), cloned(p.grouping)
	}
	person = append(append(cloned(p.grouping), p.groupingAs(flags)...), "pid")
	byCell = append(cloned(p.grouping), flags...)
	return person, cloned(byCell), byCell
}

// measureColumns adds each measure's columns to p's (person) and the
// cells' (cell), as scanCell reads them: for events, their count; for a
// sum or a mean, its value, contributors and a mean's number of values,
// then what protection needs of it.
func (p queryParts) measureColumns(q query.Query, n peopleNeeds, person, cell []string) ([]string, []string) {
	m := 0
	for _, ms := range q.Measures {
		i := strconv.Itoa(m)
		col, c := "m"+i, "c"+i
		switch ms.Kind {
		case query.CountEvents:
			person = append(person, p.eventsOfPerson(q.Totals)+" AS n")
			cell = append(cell, "sum(n)::bigint")
			continue
		case query.Sum:
			person = append(person, "SUM("+col+") AS "+c)
			cell = append(cell, "SUM("+noisy(c, "pid", ms.Column)+")", "count("+c+")")
		case query.Mean:
			person = append(person, "SUM("+col+") AS "+c, "count("+col+") AS v"+i)
			cell = append(cell, "SUM("+noisy(c, "pid", ms.Column)+") / NULLIF(sum(v"+i+"), 0)::double precision",
				"count("+c+")", "sum(v"+i+")::bigint")
		default:
			continue
		}
		if n.top > 0 {
			cell = append(cell, "(array_agg(abs("+c+") ORDER BY abs("+c+") DESC) FILTER (WHERE "+c+" IS NOT NULL))[1:"+p.b.arg(n.top)+"::int]",
				"COALESCE(SUM(abs("+c+")), 0)")
		}
		if n.contributions {
			cell = append(cell, contributionKeys(c, ms.Column))
		}
		m++
	}
	return person, cell
}

// onePass says which protection figures a person statement gives after
// each value measure's value (top contributions and their absolute sum,
// contribution keys) and after the measures (the cell key).
type onePass struct {
	top, contributions, cellKey bool
}

// eventsOfPerson counts a person's rows in a cell. The rows are distinct
// within a cell; only a margin of a join can hold one measured row twice,
// once for each value of a joined dataset's column it was grouped by, and
// counts it once.
func (p queryParts) eventsOfPerson(totals bool) string {
	if p.joined && totals {
		return "count(DISTINCT row_id)"
	}
	return "count(*)"
}

// usesPeople says whether q's answer is worked out person by person: any
// measure of rows (events, sums, means) is, and a count of people is when
// it needs cell keys. A count of people with its members is faster as
// written by hand, each person's key repeated for each of their rows (the
// ledger drops repeats): grouping by person first costs more than it saves.
func usesPeople(p queryParts, n peopleNeeds) bool {
	return p.rowDS != "" || n.cellKeys
}

// hasPercentile says whether q asks for a percentile, which ranks values
// rather than people and so keeps its own statements.
func hasPercentile(q query.Query) bool {
	return slices.ContainsFunc(q.Measures, func(m query.Measure) bool { return m.Kind == query.Percentile })
}

// contributionKeys are a cell's contributors to measure column ref, 16
// bytes each, run together: the first 8 bytes of their pseudonym, then a
// hash of their contribution c, which the service XORs into them. The
// contribution is hashed as a 4-byte float, so that the same values added
// in another order hash the same; the hash is seeded by the column's name,
// so that the same contribution to two columns keys differently.
func contributionKeys(c, ref string) string {
	return "string_agg(substring(pid from 1 for 8) || int8send(hashfloat4extended(" + c + "::real, " +
		strconv.FormatInt(colstore.ContributionSeed(ref), 10) + ")), ''::bytea) FILTER (WHERE " + c + " IS NOT NULL)"
}
