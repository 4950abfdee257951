package disclosure

import (
	"context"
	"errors"
	"math"
	"slices"

	"github.com/research-enclave/enclave/enclave/disclosure/lp"
)

// model is a reader's problem over the cells of a table: one variable per
// cell marked and quantity (people, then events), bounds, and the
// relations, with the true values of cells not marked moved to the right.
type model struct {
	vars  map[int]int // marked cell -> its variable in the first quantity
	cells []int       // the marked cells, in order
	lower []float64
	upper []float64
	truth []float64
	rows  []lp.Constraint
}

func newModel(marked []bool) *model {
	m := &model{vars: map[int]int{}}
	for i, h := range marked {
		if h {
			m.vars[i] = len(m.cells)
			m.cells = append(m.cells, i)
		}
	}
	return m
}

// quantity adds a variable per marked cell for a quantity with true values
// v, and a row per relation that holds one: an equation when v satisfies it
// to within tol, else the inequalities of distinct counts. It returns the
// offset of the quantity's variables.
func (m *model) quantity(rels []relation, v []float64, tol float64) int {
	off := len(m.lower)
	for _, c := range m.cells {
		m.lower = append(m.lower, math.Inf(-1))
		m.upper = append(m.upper, math.Inf(1))
		m.truth = append(m.truth, v[c])
	}
	for _, r := range rels {
		sum := v[r.margin]
		any := m.hides(r.margin)
		for _, c := range r.members {
			sum -= v[c]
			any = any || m.hides(c)
		}
		if !any {
			continue
		}
		if math.Abs(sum) <= tol {
			m.linear(lp.EQ, off, v, map[int]float64{r.margin: 1}, r.members, -1)
			continue
		}
		// margin <= Σ members, and margin >= each member.
		m.linear(lp.GE, off, v, map[int]float64{r.margin: -1}, r.members, 1)
		for _, c := range r.members {
			if m.hides(r.margin) || m.hides(c) {
				m.linear(lp.GE, off, v, map[int]float64{r.margin: 1, c: -1}, nil, 0)
			}
		}
	}
	return off
}

func (m *model) hides(c int) bool { _, ok := m.vars[c]; return ok }

// linear adds the row Σ coef·x (with every member at memberCoef) sense 0,
// moving released cells' true values to the right-hand side.
func (m *model) linear(sense lp.Sense, off int, v []float64, coefs map[int]float64, members []int, memberCoef float64) {
	all := map[int]float64{}
	for c, k := range coefs {
		all[c] += k
	}
	for _, c := range members {
		all[c] += memberCoef
	}
	row := map[int]float64{}
	var rhs float64
	for c, k := range all {
		if at, ok := m.vars[c]; ok {
			row[off+at] = k
		} else {
			rhs -= k * v[c]
		}
	}
	m.row(sense, rhs, row)
}

// row adds the constraint Σ coef·x sense rhs over variables.
func (m *model) row(sense lp.Sense, rhs float64, coefs map[int]float64) {
	vars := make([]int, 0, len(coefs))
	for v := range coefs {
		vars = append(vars, v)
	}
	slices.Sort(vars)
	k := make([]float64, len(vars))
	for i, v := range vars {
		k[i] = coefs[v]
	}
	m.rows = append(m.rows, lp.Constraint{Vars: vars, Coefs: k, Sense: sense, RHS: rhs})
}

// bound sets what a reader knows of variable v.
func (m *model) bound(v int, lo, hi float64) { m.lower[v], m.upper[v] = lo, hi }

// target is a variable whose interval must stay at least need wide. A
// count's interval is counted in whole numbers: a reader knows the count is
// one, so an interval from 0.5 to 5.5 is 1 to 5, four wide.
type target struct {
	cell  int
	v     int
	need  float64
	whole bool
}

// width is the interval's width, in whole numbers for a count.
func (t target) width(lo, hi float64) float64 {
	if t.whole {
		return math.Floor(hi+1e-6) - math.Ceil(lo-1e-6)
	}
	return hi - lo
}

// widths solves the model and returns, per cell, the narrowest interval
// among its targets, or at least its need when every target is that wide.
// It certifies a target by feasible points alone: the truth, and the optimum
// of every problem solved, are all points a reader cannot rule out, so once
// two of them lie need apart in a variable, its interval is wide enough.
// Most targets are certified by the first problem (every target as low as
// it can go, beside the truth); only the rest are minimised and maximised
// one by one, which gives their exact interval.
func (m *model) widths(ctx context.Context, targets []target, lim lp.Limits) (map[int]float64, error) {
	// The truth is a point of the region: starting there spares phase 1.
	s, err := lp.New(ctx, lp.Problem{Lower: m.lower, Upper: m.upper, Constraints: m.rows, Start: m.truth}, lim)
	if err != nil {
		return nil, auditError(err)
	}
	lo, hi := slices.Clone(m.truth), slices.Clone(m.truth)
	seen := func(x []float64) {
		for v, val := range x {
			lo[v], hi[v] = min(lo[v], val), max(hi[v], val)
		}
	}
	wide := func(t target) bool { return t.width(lo[t.v], hi[t.v]) >= t.need*(1-1e-9) }
	solve := func(c []float64, up bool, t *target) error {
		_, x, err := s.Optimize(ctx, c, up)
		switch {
		case errors.Is(err, lp.ErrUnbounded) && t != nil:
			if up {
				hi[t.v] = math.Inf(1)
			} else {
				lo[t.v] = math.Inf(-1)
			}
			return nil
		case errors.Is(err, lp.ErrUnbounded):
			return nil
		case err != nil:
			return auditError(err)
		}
		seen(x)
		return nil
	}
	all := make([]float64, len(m.lower))
	for _, t := range targets {
		all[t.v] = 1
	}
	if err := solve(all, false, nil); err != nil {
		return nil, err
	}
	out := map[int]float64{}
	for _, t := range targets {
		for _, up := range []bool{false, true} {
			if wide(t) {
				break
			}
			c := make([]float64, len(m.lower))
			c[t.v] = 1
			if err := solve(c, up, &t); err != nil {
				return nil, err
			}
		}
		w := t.width(lo[t.v], hi[t.v])
		if old, ok := out[t.cell]; !ok || w < old {
			out[t.cell] = w
		}
	}
	return out, nil
}
