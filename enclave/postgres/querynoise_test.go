package postgres_test

import (
	"context"
	"hash/fnv"
	"math"
	"slices"
	"testing"

	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// factor is the noise factor of person pid in measure column ref, worked
// out in Go from docs/disclosure.md: bytes k and k+1 of the pseudonym, k =
// 8 + 2 × (FNV-1a of the column mod 11); the top bit the sign, the other
// 15 bits the size, from 10% to 20%.
func factor(pid []byte, ref string) float64 {
	h := fnv.New32a()
	h.Write([]byte(ref))
	k := 8 + 2*int(h.Sum32()%11)
	size := 0.10 + 0.10*float64(int(pid[k]&127)*256+int(pid[k+1]))/32767
	if pid[k] >= 128 {
		return 1 + size
	}
	return 1 - size
}

// TestQueryMagnitudeFacts: sums, means and percentiles are of the values
// with their noise factors, as worked out in Go from the rows; a mean comes
// with its number of values; a percentile with the people whose values lie
// below and above it; every contributor has a key, the same when asked
// again and different once their contribution changes.
func TestQueryMagnitudeFacts(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 400)
	ctx := context.Background()
	const ref = "ae_attendances.wait_minutes"
	type person struct{ lo, hi float64 }
	type cell struct {
		sum    float64
		values int64
		people map[string]*person
	}
	want := map[string]*cell{}
	rows, err := e.db.Pool.Query(ctx, `SELECT pid, COALESCE(age_band, ''), wait_minutes FROM ds_ae_attendances_v1 WHERE wait_minutes IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var pid []byte
		var band string
		var wait int64
		if err := rows.Scan(&pid, &band, &wait); err != nil {
			t.Fatal(err)
		}
		v := float64(wait) * factor(pid, ref)
		for _, b := range []string{band, "*"} {
			c := want[b]
			if c == nil {
				c = &cell{people: map[string]*person{}}
				want[b] = c
			}
			c.sum += v
			c.values++
			p := c.people[string(pid)]
			if p == nil {
				p = &person{lo: v, hi: v}
				c.people[string(pid)] = p
			}
			p.lo, p.hi = min(p.lo, v), max(p.hi, v)
		}
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	q := query.Query{
		Datasets: []string{"ae_attendances"},
		Measures: []query.Measure{{Kind: query.CountPeople}, {Kind: query.Sum, Column: ref}, {Kind: query.Mean, Column: ref},
			{Kind: query.Percentile, Column: ref, P: 0.5}},
		GroupBy: []string{"ae_attendances.age_band"}, Totals: true,
	}
	rules := disclosure.Rules{Threshold: 1, Rounding: 1, Totals: disclosure.TotalsIndependent, Magnitude: disclosure.DefaultMagnitude()}
	first := e.runWith(t, q, rules)
	for _, c := range first.Cells {
		band := c.Keys[0].Value
		if c.Keys[0].Total {
			band = "*"
		}
		w := want[band]
		if w == nil {
			continue
		}
		sum, mean, median := c.Measures[0], c.Measures[1], c.Measures[2]
		if math.Abs(sum.Value-w.sum) > 1e-6*math.Abs(w.sum) {
			t.Errorf("cell %q: sum %v, want %v with noise", band, sum.Value, w.sum)
		}
		if mean.Values != w.values || math.Abs(mean.Value-w.sum/float64(w.values)) > 1e-6*math.Abs(mean.Value) {
			t.Errorf("cell %q: mean %v over %d values, want %v over %d", band, mean.Value, mean.Values, w.sum/float64(w.values), w.values)
		}
		var below, above int64
		for _, p := range w.people {
			if p.lo < median.Value {
				below++
			}
			if p.hi > median.Value {
				above++
			}
		}
		if median.Sides == nil || *median.Sides != (disclosure.Sides{Below: below, Above: above}) {
			t.Errorf("cell %q: sides %+v, want %d below and %d above", band, median.Sides, below, above)
		}
		if keys := slices.Compact(slices.Sorted(slices.Values(sum.Members))); len(keys) != len(w.people) || len(sum.Members) != len(w.people) {
			t.Errorf("cell %q: %d contribution keys (%d distinct) for %d contributors", band, len(sum.Members), len(keys), len(w.people))
		}
	}

	// Asked again, the keys are the same; once one person's wait changes,
	// theirs changes in every cell they are in, and only theirs.
	again := e.runWith(t, q, rules)
	if !slices.Equal(again.Cells[len(again.Cells)-1].Measures[0].Members, first.Cells[len(first.Cells)-1].Measures[0].Members) {
		t.Errorf("the total's contribution keys differ between two runs")
	}
	if _, err := e.pdb.Super(t).Exec(ctx, `UPDATE ds_ae_attendances_v1 SET wait_minutes = wait_minutes + 1
		WHERE ctid = (SELECT ctid FROM ds_ae_attendances_v1 WHERE wait_minutes IS NOT NULL LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	changed := e.runWith(t, q, rules)
	before := first.Cells[len(first.Cells)-1].Measures[0].Members
	after := changed.Cells[len(changed.Cells)-1].Measures[0].Members
	if gone := len(before) - countShared(before, after); gone != 1 {
		t.Errorf("after one person's wait changed, %d of the total's contribution keys changed, want 1", gone)
	}
}

// countShared counts the keys of a also in b.
func countShared(a, b []uint64) int {
	n := 0
	for _, k := range a {
		if slices.Contains(b, k) {
			n++
		}
	}
	return n
}
