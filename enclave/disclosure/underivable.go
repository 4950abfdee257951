package disclosure

import (
	"fmt"
	"math"
)

// underivable is the last check before release, by other means than the
// reader's problem that protection solved: exact elimination over the
// rationals (determined) finds whether any value hidden for its own sake is
// fixed by the relations a reader can use, those the table's true values
// satisfy exactly, with every hidden value unknown and every released one
// known. Counts are checked so only when they are released exactly (base
// rounding to 1): a rounded count is not known exactly, and its rounding is
// part of the protection. Sums are released with noise and rounded too, but
// a hidden sum must not follow from them whatever they are. It should never
// find one; if it does, nothing is released (ErrDerivable).
func (a *application) underivable() error {
	n := len(a.t.Cells) + len(a.others)
	rels := a.g.rels
	if a.totals != TotalsIndependent {
		rels = nil
	}
	rels = append(rels[:len(rels):len(rels)], a.otherRelations(true)...)
	unknown := make([]bool, n)
	target := make([]bool, n)
	people := make([]float64, n)
	for i := range n {
		p, _, _, rule := a.countsOf(i)
		people[i] = float64(p)
		unknown[i] = rule != ""
		target[i] = a.sensitive(i)
	}
	if a.r.mode() == ModeBase && a.r.Rounding == 1 {
		if det := determined(exact(rels, people, 0.5), unknown, target); len(det) > 0 {
			return fmt.Errorf("%w (cell %d)", ErrDerivable, det[0])
		}
	}
	for j, m := range a.t.Measures {
		if m.Kind != KindSum || a.totals != TotalsIndependent {
			continue
		}
		value := make([]float64, n)
		var scale float64
		for i, c := range a.t.Cells {
			value[i] = c.Measures[j].Value
			scale = max(scale, math.Abs(value[i]))
			unknown[i] = a.cell[i] != "" || a.value[i][j] != ""
			target[i] = a.cell[i] == RulePrimary || a.cell[i] == RuleDifferencing || ownSake(a.value[i][j])
		}
		for i := len(a.t.Cells); i < n; i++ {
			unknown[i], target[i] = true, false // other rows release no measures
		}
		if det := determined(exact(a.g.rels, value, 1e-9*max(1, scale)), unknown, target); len(det) > 0 {
			return fmt.Errorf("%w (cell %d, measure %d)", ErrDerivable, det[0], j)
		}
	}
	return nil
}

// exact returns the relations of rels that values v satisfy to within tol:
// the ones a reader can use as equations.
func exact(rels []relation, v []float64, tol float64) []relation {
	var out []relation
	for _, r := range rels {
		sum := v[r.margin]
		for _, c := range r.members {
			sum -= v[c]
		}
		if math.Abs(sum) <= tol {
			out = append(out, r)
		}
	}
	return out
}
