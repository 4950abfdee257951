package postgres

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// cells runs the query's statement into t, with each cell's people when
// the statement gives them.
func (s *QueryStore) cells(ctx context.Context, tx pgx.Tx, q query.Query, stmt querySQL, t *disclosure.Table) error {
	rows, err := tx.Query(ctx, stmt.text, stmt.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if len(t.Cells) == s.MaxCells {
			return enclave.E(enclave.CodeTooLarge, fmt.Sprintf("the result has more than %d cells: narrow the query or group by fewer columns", s.MaxCells))
		}
		c, err := scanCell(rows, q, stmt)
		if err != nil {
			return err
		}
		t.Cells = append(t.Cells, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if stmt.onePass != nil && q.Totals && stmt.dims > 0 && len(t.Cells) == 0 {
		// Grouped by person first, no rows make no cells, where CUBE over no
		// rows still gives the grand total: give it, as the other
		// statements do.
		t.Cells = append(t.Cells, emptyTotal(q, stmt))
	}
	return nil
}

// emptyTotal is the grand total of a query over no rows.
func emptyTotal(q query.Query, stmt querySQL) disclosure.Cell {
	c := disclosure.Cell{Keys: make([]disclosure.Key, stmt.dims)}
	for i := range c.Keys {
		c.Keys[i].Total = true
	}
	for _, m := range q.Measures {
		if m.Kind == query.Sum || m.Kind == query.Mean {
			c.Measures = append(c.Measures, disclosure.Aggregate{})
		}
	}
	if stmt.members {
		c.Members = []uint64{}
	}
	return c
}

// scanCell reads one result row: the group-by values, their GROUPING flags,
// the count of people, each measure as buildQuery's aggregates wrote them
// (with the figures for its protection after it, in a one-pass statement),
// the cell key when the statement gives it, and last the people's keys, 8
// bytes each. A NULL value that is not a total is the category ""
// (missing).
func scanCell(rows pgx.Rows, q query.Query, stmt querySQL) (disclosure.Cell, error) {
	vals, err := rows.Values()
	if err != nil {
		return disclosure.Cell{}, err
	}
	dims := stmt.dims
	var c disclosure.Cell
	for i := range dims {
		k := disclosure.Key{}
		if flag, _ := vals[dims+i].(int32); flag == 1 {
			k.Total = true
		} else if v, ok := vals[i].(string); ok {
			k.Value = v
		}
		c.Keys = append(c.Keys, k)
	}
	at := 2 * dims
	c.People = asInt(vals[at])
	at++
	for _, m := range q.Measures {
		var a disclosure.Aggregate
		switch m.Kind {
		case query.CountEvents:
			c.Events = asInt(vals[at])
			at++
			continue
		case query.Sum, query.Percentile:
			v, _ := vals[at].(float64)
			a = disclosure.Aggregate{Value: v, People: asInt(vals[at+1])}
			at += 2
		case query.Mean:
			v, _ := vals[at].(float64)
			a = disclosure.Aggregate{Value: v, People: asInt(vals[at+1]), Values: asInt(vals[at+2])}
			at += 3
		default:
			continue
		}
		if f := stmt.onePass; f != nil {
			if f.top {
				a.Top, a.AbsSum = topOf(vals[at]), asFloat(vals[at+1])
				at += 2
			}
			if f.contributions {
				if a.Members, err = contributionsOf(vals[at]); err != nil {
					return disclosure.Cell{}, err
				}
				at++
			}
		}
		c.Measures = append(c.Measures, a)
	}
	if f := stmt.onePass; f != nil && f.cellKey {
		k := uint8(asInt(vals[at]))
		c.CellKey = &k
		at++
	}
	if !stmt.members {
		return c, nil
	}
	b, _ := vals[at].([]byte)
	if len(b)%8 != 0 {
		return disclosure.Cell{}, fmt.Errorf("a cell's member keys take %d bytes, not 8 a person", len(b))
	}
	c.Members = make([]uint64, len(b)/8)
	for i := range c.Members {
		c.Members[i] = binary.BigEndian.Uint64(b[8*i:])
	}
	return c, nil
}

func asInt(v any) int64 {
	n, _ := v.(int64)
	return n
}
