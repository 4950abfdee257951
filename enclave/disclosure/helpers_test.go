package disclosure

import (
	"context"
	"math"
	"slices"
	"testing"
)

// checkInvariants checks what every result of Apply must satisfy, with code
// that shares nothing with Apply but the types: for an additive table, no
// hidden sum derivable, nor any hidden count where counts are released
// exactly (by the package's check and by floatDerivable), and every hidden
// count's interval, as a reader computes it from the result alone, at least
// the protection level wide (Intervals); every
// released count 0 only when nobody is there, else at least the threshold
// and as the mode makes it (a multiple of the base, a midpoint 6k+3, or
// within 2 of the true count and at least 3), nothing released from a cell
// that fails the threshold or a magnitude rule, and the manifest counts.
// Cells the table lacks (declared categories, other rows) count no one.
func checkInvariants(t *testing.T, table Table, r Rules, res *Result) {
	t.Helper()
	if table.Additive {
		// Rounded counts are not known exactly, and their rounding is part of
		// what protects a hidden one: only checkIntervals judges them.
		exact := r.mode() == ModeBase && r.Rounding == 1
		det, err := Derivable(*res)
		if err != nil {
			t.Errorf("Derivable: %v", err)
		}
		for _, p := range det {
			if exact || p.Measure != Counts {
				t.Errorf("Derivable finds cell %d measure %d", p.Cell, p.Measure)
			}
		}
		if det := floatDerivable(res); exact && len(det) > 0 {
			t.Errorf("the float check derives hidden values %v", det)
		}
		checkIntervals(t, r, res)
	}
	byKeys := map[string]Cell{}
	for _, c := range table.Cells {
		byKeys[keyOf(c.Keys)] = c
	}
	base, thr := int64(r.Rounding), int64(r.Threshold)
	suppressed, measuresSuppressed := map[Rule]int{}, map[Rule]int{}
	for i, c := range res.Cells {
		in, ok := byKeys[keyOf(c.Keys)]
		if !ok {
			in = Cell{Keys: c.Keys, Measures: make([]Aggregate, len(table.Measures))}
		}
		margin := isMargin(c.Keys)
		if c.Suppressed != "" {
			suppressed[c.Suppressed]++
			if c.People != nil || c.Events != nil || c.Measures != nil {
				t.Errorf("cell %d is %s but releases values", i, c.Suppressed)
			}
			continue
		}
		if c.People == nil {
			t.Fatalf("cell %d releases no count and is not suppressed", i)
		}
		if *c.People == 0 && thr > 1 {
			t.Errorf("cell %d releases 0 above threshold 1, where an empty cell must look like a hidden one", i)
		}
		if slices.ContainsFunc(c.Keys, func(k Key) bool { return k.Other }) {
			continue // an other row: its true count is not in the table
		}
		summed := margin && res.Totals == TotalsFromRounded
		for k, n := range []*int64{c.People, c.Events} {
			if n != nil && !summed {
				checkCount(t, r, i, *n, []int64{in.People, in.Events}[k])
			}
		}
		for _, n := range []*int64{c.People, c.Events} {
			if n != nil && *n%base != 0 {
				t.Errorf("cell %d releases %d, not a multiple of %d", i, *n, base)
			}
		}
		if p := *c.People; p != 0 && p < thr {
			t.Errorf("cell %d releases %d people, below the threshold %d", i, p, thr)
		}
		if !summed && in.People != 0 && in.People < thr {
			t.Errorf("cell %d counts %d people, below the threshold, and is released", i, in.People)
		}
		if summed {
			checkSummed(t, res, i)
		}
		if margin && res.Totals == TotalsSuppress {
			t.Errorf("cell %d is a margin released under %s", i, TotalsSuppress)
		}
		for j, v := range c.Measures {
			if v.Value == nil {
				measuresSuppressed[v.Suppressed]++
				continue
			}
			if summed && res.Measures[j].Kind == KindSum {
				continue
			}
			if in.People < thr || in.Measures[j].People < thr {
				t.Errorf("cell %d releases measure %d from too few people", i, j)
			}
			if dominated(r, in.Measures[j]) {
				t.Errorf("cell %d releases measure %d, which breaks a magnitude rule", i, j)
			}
		}
	}
	for rule, n := range res.Suppressed {
		if suppressed[rule] != n {
			t.Errorf("Suppressed[%s] = %d, want %d", rule, n, suppressed[rule])
		}
	}
	for rule, n := range measuresSuppressed {
		if res.MeasuresSuppressed[rule] != n {
			t.Errorf("MeasuresSuppressed[%s] = %d, want %d", rule, res.MeasuresSuppressed[rule], n)
		}
	}
}

// checkCount checks count n, released from true count was on its own (not
// summed from other cells).
func checkCount(t *testing.T, r Rules, cell int, n, was int64) {
	t.Helper()
	if (n == 0) != (was == 0) {
		t.Errorf("cell %d releases %d for a true count of %d", cell, n, was)
	}
	if n == 0 {
		return
	}
	switch r.Mode {
	case ModeMidpoint6:
		if n%6 != 3 || n < was-3 {
			t.Errorf("cell %d releases %d for %d, not the midpoint of its band of six or above", cell, n, was)
		}
	case ModeCellKey:
		if n < 3 || n < was-2 || n > was+2 {
			t.Errorf("cell %d releases %d for %d: perturbed by more than 2, or below 3", cell, n, was)
		}
	}
}

// dominated reports whether an aggregate breaks a magnitude rule of r.
func dominated(r Rules, a Aggregate) bool {
	top := append(slices.Clone(a.Top), 0, 0)
	if d := r.Dominance; d != nil {
		var sum float64
		for _, v := range top[:min(d.N, len(top))] {
			sum += v
		}
		if sum > d.K*a.AbsSum {
			return true
		}
	}
	return r.PPercent != nil && a.AbsSum-top[0]-top[1] < *r.PPercent*top[0]
}

func isMargin(keys []Key) bool {
	for _, k := range keys {
		if k.Total {
			return true
		}
	}
	return false
}

// beneath reports whether interior cell c lies beneath margin m.
func beneath(m, c []Key) bool {
	for d := range m {
		if c[d].Total || (!m[d].Total && m[d].Value != c[d].Value) {
			return false
		}
	}
	return true
}

// checkSummed checks that margin i, released under TotalsFromRounded, is the
// sum of the released cells beneath it, none of them hidden.
func checkSummed(t *testing.T, res *Result, i int) {
	t.Helper()
	var people int64
	for _, c := range res.Cells {
		if !isMargin(c.Keys) && beneath(res.Cells[i].Keys, c.Keys) {
			if c.People == nil {
				t.Errorf("margin %d is released under from_rounded above hidden cell %v", i, c.Keys)
				continue
			}
			people += *c.People
		}
	}
	if got := res.Cells[i]; *got.People != people {
		t.Errorf("margin %d releases %d, want the sum of released cells %d", i, *got.People, people)
	}
}

// floatDerivable is an independent check of res's counts: it builds its own
// relations (each margin is the sum of the cells with one more dimension by
// category, and of the cells with none, where the table has such cells) and
// solves them in floating point. It returns the primary cells determined.
func floatDerivable(res *Result) []int {
	n := len(res.Cells)
	dims := len(res.Dimensions)
	hasSet := map[[8]bool]bool{}
	set := func(keys []Key) [8]bool {
		var s [8]bool
		for d, k := range keys {
			s[d] = k.Total
		}
		return s
	}
	for _, c := range res.Cells {
		hasSet[set(c.Keys)] = true
	}
	unknown := map[int]int{}
	for i, c := range res.Cells {
		if c.Suppressed != "" || (isMargin(c.Keys) && res.Totals != TotalsIndependent) {
			unknown[i] = len(unknown)
		}
	}
	var rows [][]float64
	addRow := func(m int, members []int) {
		row := make([]float64, len(unknown))
		has := false
		if u, ok := unknown[m]; ok {
			row[u], has = 1, true
		}
		for _, c := range members {
			if u, ok := unknown[c]; ok {
				row[u], has = -1, true
			}
		}
		if has {
			rows = append(rows, row)
		}
	}
	for m, mc := range res.Cells {
		ms := set(mc.Keys)
		var lower [][8]bool
		for d := range dims {
			if ms[d] {
				s := ms
				s[d] = false
				lower = append(lower, s)
			}
		}
		if isMargin(mc.Keys) {
			lower = append(lower, [8]bool{})
		}
		for _, s := range lower {
			if !hasSet[s] {
				continue
			}
			var members []int
			for c := range n {
				if set(res.Cells[c].Keys) == s && covers(mc.Keys, res.Cells[c].Keys) {
					members = append(members, c)
				}
			}
			addRow(m, members)
		}
	}
	byCol := make([]int, len(unknown))
	for cell, u := range unknown {
		byCol[u] = cell
	}
	var out []int
	for _, u := range floatFixed(rows, len(unknown)) {
		if res.Cells[byCol[u]].Suppressed == RulePrimary {
			out = append(out, byCol[u])
		}
	}
	return out
}

// covers reports whether cell c agrees with margin m wherever m has a category.
func covers(m, c []Key) bool {
	for d := range m {
		if !m[d].Total && (c[d].Total || c[d].Value != m[d].Value) {
			return false
		}
	}
	return true
}

// floatFixed row-reduces with partial pivoting and returns the columns whose
// unit vector is a row.
func floatFixed(rows [][]float64, cols int) []int {
	const eps = 1e-9
	p := 0
	for c := 0; c < cols && p < len(rows); c++ {
		k := p
		for i := p; i < len(rows); i++ {
			if math.Abs(rows[i][c]) > math.Abs(rows[k][c]) {
				k = i
			}
		}
		if math.Abs(rows[k][c]) < eps {
			continue
		}
		rows[p], rows[k] = rows[k], rows[p]
		piv := rows[p][c]
		for j := range cols {
			rows[p][j] /= piv
		}
		for i := range rows {
			if i != p && math.Abs(rows[i][c]) > eps {
				f := rows[i][c]
				for j := range cols {
					rows[i][j] -= f * rows[p][j]
				}
			}
		}
		p++
	}
	var out []int
	for _, row := range rows[:p] {
		nz, lead := 0, -1
		for j, v := range row {
			if math.Abs(v) > eps {
				nz++
				if lead < 0 {
					lead = j
				}
			}
		}
		if nz == 1 {
			out = append(out, lead)
		}
	}
	return out
}

func nan() float64 { return math.NaN() }

// checkIntervals checks, for an additive table with independent totals,
// that a reader of res alone (Intervals) cannot bound any count hidden for
// its own sake more narrowly than the protection level.
func checkIntervals(t *testing.T, r Rules, res *Result) {
	t.Helper()
	if res.Totals != TotalsIndependent {
		return
	}
	ivs, err := Intervals(context.Background(), *res, r)
	if err != nil {
		t.Fatalf("the reader's problem of the result: %v", err)
	}
	for _, iv := range ivs {
		if iv.High-iv.Low < r.ProtectionLevel()-1e-6 {
			t.Errorf("a reader bounds hidden cell %d %v to [%g, %g], narrower than the protection level %g", iv.Cell, res.Cells[iv.Cell].Keys, iv.Low, iv.High, r.ProtectionLevel())
		}
	}
}
