package postgres_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// TestQueryPeopleFacts: what the magnitude rules and cell-key perturbation
// need of each cell (largest contributions, their absolute sum, the cell
// key) agrees with the same facts worked out in Go from the table's rows,
// margins included.
func TestQueryPeopleFacts(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 500)
	ctx := context.Background()
	rows, err := e.db.Pool.Query(ctx, `SELECT pid, age_band, wait_minutes FROM ds_ae_attendances_v1`)
	if err != nil {
		t.Fatal(err)
	}
	type cell struct {
		contrib map[string]float64 // person -> total of their values
		keys    map[string]uint8   // person -> record key
	}
	want := map[string]*cell{}
	add := func(band, pid string, v *float64) {
		c := want[band]
		if c == nil {
			c = &cell{contrib: map[string]float64{}, keys: map[string]uint8{}}
			want[band] = c
		}
		c.keys[pid] = pid[len(pid)-1]
		if v != nil {
			c.contrib[pid] += *v
		}
	}
	for rows.Next() {
		var pid []byte
		var band *string
		var wait *int64
		if err := rows.Scan(&pid, &band, &wait); err != nil {
			t.Fatal(err)
		}
		var v *float64
		if wait != nil {
			f := float64(*wait)
			v = &f
		}
		b := ""
		if band != nil {
			b = *band
		}
		add(b, string(pid), v)
		add("*", string(pid), v)
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	rules := disclosure.Rules{Threshold: 1, Rounding: 1, Totals: disclosure.TotalsIndependent, Mode: disclosure.ModeCellKey,
		Magnitude: disclosure.DefaultMagnitude()}
	tab := e.runWith(t, query.Query{
		Datasets: []string{"ae_attendances"},
		Measures: []query.Measure{{Kind: query.CountPeople}, {Kind: query.Sum, Column: "ae_attendances.wait_minutes"}},
		GroupBy:  []string{"ae_attendances.age_band"}, Totals: true,
	}, rules)
	if len(tab.Cells) != len(want) {
		t.Fatalf("%d cells, want %d", len(tab.Cells), len(want))
	}
	for _, c := range tab.Cells {
		band := c.Keys[0].Value
		if c.Keys[0].Total {
			band = "*"
		}
		w := want[band]
		var abs []float64
		var absSum float64
		var key int
		for _, v := range w.contrib {
			abs = append(abs, math.Abs(v))
			absSum += math.Abs(v)
		}
		for _, k := range w.keys {
			key += int(k)
		}
		slices.Sort(abs)
		slices.Reverse(abs)
		m := c.Measures[0]
		if !slices.Equal(m.Top, abs[:min(2, len(abs))]) || m.AbsSum != absSum {
			t.Errorf("cell %s: top %v abs sum %v, want %v and %v", band, m.Top, m.AbsSum, abs[:min(2, len(abs))], absSum)
		}
		if c.CellKey == nil || int(*c.CellKey) != key%256 {
			t.Errorf("cell %s: cell key %v, want %d", band, c.CellKey, key%256)
		}
	}
}
