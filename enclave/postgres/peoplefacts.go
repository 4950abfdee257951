package postgres

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// personFacts are one cell's row of the people statement.
type personFacts struct {
	measures []measureFacts
	cellKey  *uint8
}

// measureFacts are what the people statement gives of one value measure in
// one cell.
type measureFacts struct {
	top           []float64
	absSum        float64
	sides         *disclosure.Sides
	contributions []uint64
}

// readPeople reads the people statement's rows and returns each cell's facts
// by its keys.
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
		for _, kind := range stmt.measures {
			var m measureFacts
			if stmt.top {
				m.top, m.absSum = topOf(vals[at]), asFloat(vals[at+1])
				at += 2
			}
			if kind == query.Percentile {
				m.sides = &disclosure.Sides{Below: asInt(vals[at]), Above: asInt(vals[at+1])}
				at += 2
			}
			if stmt.contributions {
				if m.contributions, err = contributionsOf(vals[at]); err != nil {
					return nil, err
				}
				at++
			}
			f.measures = append(f.measures, m)
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
		for j, m := range f.measures {
			a := &c.Measures[j]
			a.Top, a.AbsSum, a.Sides, a.Members = m.top, m.absSum, m.sides, m.contributions
		}
		c.CellKey = f.cellKey
	}
	return nil
}

// topOf reads the largest contributions, an array of float8 (NULL when
// no one contributed).
func topOf(v any) []float64 {
	arr, _ := v.([]any)
	var top []float64
	for _, x := range arr {
		f, _ := x.(float64)
		top = append(top, f)
	}
	return top
}

func asFloat(v any) float64 {
	f, _ := v.(float64)
	return f
}

// contributionsOf reads contributionKeys' column: 16 bytes a contributor,
// the first 8 bytes of their pseudonym and the hash of their contribution,
// and returns their XOR, the contributor's key.
func contributionsOf(v any) ([]uint64, error) {
	b, _ := v.([]byte)
	if len(b)%16 != 0 {
		return nil, fmt.Errorf("a cell's contribution keys take %d bytes, not 16 a contributor", len(b))
	}
	keys := make([]uint64, len(b)/16)
	for i := range keys {
		keys[i] = binary.BigEndian.Uint64(b[16*i:]) ^ binary.BigEndian.Uint64(b[16*i+8:])
	}
	return keys, nil
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
