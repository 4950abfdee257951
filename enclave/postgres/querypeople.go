package postgres

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// peopleSQL is the second statement of a query whose disclosure rules look
// at its people one by one. Per cell (margins included), it gives what the
// magnitude rules need of each value measure (sum, mean, percentile): the
// largest contributions as absolute values, largest first, and the sum of
// every contribution's absolute value; and, for cell-key perturbation, the
// cell's key. A person's contribution is the total of their values of the
// measure's column in the cell, missing values left out (a person with none
// contributes nothing). A person's record key is the last byte of their
// pseudonym: keyed HMAC output, so uniform on 0 to 255 and unknowable
// without the key. None of it is ever released.
type peopleSQL struct {
	text     string
	args     []any
	dims     int
	measures int // value measures, each with its top contributions and their absolute sum
	cellKeys bool
}

// needsPeople reports whether rules need a people statement for q.
func needsPeople(q query.Query, rules disclosure.Rules) (top int, cellKeys bool) {
	if valueMeasures(q) > 0 {
		top = rules.TopNeeded()
	}
	return top, rules.Mode == disclosure.ModeCellKey
}

func valueMeasures(q query.Query) int {
	n := 0
	for _, m := range q.Measures {
		if m.Kind == query.Sum || m.Kind == query.Mean || m.Kind == query.Percentile {
			n++
		}
	}
	return n
}

// buildPeopleQuery writes the people statement of q: the query's distinct
// rows, grouped by cell and person, then by cell.
func buildPeopleQuery(q query.Query, cat *catalogue.Catalogue, lists []string, top int, cellKeys bool) (peopleSQL, error) {
	p, err := newQueryParts(q, cat, lists)
	if err != nil {
		return peopleSQL{}, err
	}
	measures := 0
	if top > 0 {
		measures = valueMeasures(q)
	}
	person := append(append([]string{}, p.grouping...), groupingFlags(p.grouping)...)
	person = append(person, "pid")
	var cell []string
	for i := range measures {
		c := "c" + strconv.Itoa(i)
		person = append(person, "SUM(m"+strconv.Itoa(i)+") AS "+c)
		cell = append(cell, "(array_agg(abs("+c+") ORDER BY abs("+c+") DESC) FILTER (WHERE "+c+" IS NOT NULL))[1:"+p.b.arg(top)+"::int]",
			"COALESCE(SUM(abs("+c+")), 0)")
	}
	if cellKeys {
		cell = append(cell, "COALESCE(SUM(get_byte(pid, octet_length(pid) - 1)), 0) % 256")
	}
	flags := make([]string, len(p.grouping))
	for i := range p.grouping {
		flags[i] = "f" + strconv.Itoa(i)
		person[len(p.grouping)+i] += " AS " + flags[i]
	}
	personGroup := " GROUP BY pid"
	switch {
	case len(p.grouping) > 0 && q.Totals:
		personGroup = " GROUP BY CUBE (" + strings.Join(p.grouping, ", ") + "), pid"
	case len(p.grouping) > 0:
		personGroup = " GROUP BY " + strings.Join(p.grouping, ", ") + ", pid"
	}
	cellCols := append(append(append([]string{}, p.grouping...), flags...), cell...)
	text := "SELECT " + strings.Join(cellCols, ", ") + " FROM (SELECT " + strings.Join(person, ", ") +
		" FROM " + p.distinctRows() + personGroup + ") p"
	if len(p.grouping) > 0 {
		text += " GROUP BY " + strings.Join(append(append([]string{}, p.grouping...), flags...), ", ")
	}
	return peopleSQL{text: text, args: p.b.args, dims: len(p.grouping), measures: measures, cellKeys: cellKeys}, nil
}

// personFacts are one cell's row of the people statement.
type personFacts struct {
	top     [][]float64
	absSum  []float64
	cellKey *uint8
}

// readPeople runs the people statement and returns each cell's facts by its
// keys.
func readPeople(rows pgx.Rows, stmt peopleSQL) (map[string]personFacts, error) {
	defer rows.Close()
	out := map[string]personFacts{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		keys := cellKeysOf(vals, stmt.dims)
		var f personFacts
		at := 2 * stmt.dims
		for range stmt.measures {
			var top []float64
			if arr, ok := vals[at].([]any); ok {
				for _, v := range arr {
					x, _ := v.(float64)
					top = append(top, x)
				}
			}
			sum, _ := vals[at+1].(float64)
			f.top, f.absSum = append(f.top, top), append(f.absSum, sum)
			at += 2
		}
		if stmt.cellKeys {
			k := uint8(asInt(vals[at]))
			f.cellKey = &k
		}
		out[keys] = f
	}
	return out, rows.Err()
}

// addPeople puts each cell's facts into t.
func addPeople(t *disclosure.Table, facts map[string]personFacts) error {
	for i := range t.Cells {
		c := &t.Cells[i]
		f, ok := facts[cellID(c.Keys)]
		if !ok {
			if c.People == 0 {
				continue
			}
			return enclave.E(enclave.CodeInternal, fmt.Sprintf("the people statement has no row for cell %d of the answer", i))
		}
		for j := range f.top {
			c.Measures[j].Top, c.Measures[j].AbsSum = f.top[j], f.absSum[j]
		}
		c.CellKey = f.cellKey
	}
	return nil
}

// cellKeysOf reads a row's group-by values and GROUPING flags as cellID
// does a cell's keys.
func cellKeysOf(vals []any, dims int) string {
	keys := make([]disclosure.Key, dims)
	for i := range dims {
		if flag, _ := vals[dims+i].(int32); flag == 1 {
			keys[i].Total = true
		} else if v, ok := vals[i].(string); ok {
			keys[i].Value = v
		}
	}
	return cellID(keys)
}

// cellID names a cell by its keys.
func cellID(keys []disclosure.Key) string {
	if len(keys) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(keys)
	return string(b)
}
