package lp

import (
	"fmt"
	"math"
)

// point returns the variables' values, clamped into their bounds: basic
// values can stray past a bound by rounding, and callers rely on the bounds
// exactly (a hidden count is never negative).
func (s *Solver) point() []float64 {
	x := make([]float64, s.n)
	for j := range x {
		x[j] = min(max(s.val[j], s.lo[j]), s.hi[j])
	}
	return x
}

// satisfies reports whether x meets every constraint, including the rows
// phase 1 dropped, within the feasibility tolerance.
func (s *Solver) satisfies(x []float64) bool {
	for k := range s.p.Constraints {
		if s.miss(k, x) > 0 {
			return false
		}
	}
	return true
}

// miss returns by how much constraint k misses at x beyond the tolerance;
// 0 or less when it holds.
func (s *Solver) miss(k int, x []float64) float64 {
	c := s.p.Constraints[k]
	ax, scale := s.activity(k, x)
	miss := ax - c.RHS
	switch c.Sense {
	case GE:
		miss = -miss
	case EQ:
		miss = math.Abs(miss)
	}
	return miss - feasibleRel*scale
}

// activity returns constraint k's left side at x, and the scale its
// residual is measured against, 1 + |RHS| + Σ|a·x|: a row summing counts of
// 1e12 may miss by rounding, a row of small counts may not.
func (s *Solver) activity(k int, x []float64) (ax, scale float64) {
	c := s.p.Constraints[k]
	scale = 1 + math.Abs(c.RHS)
	for i, j := range c.Vars {
		v := c.Coefs[i] * x[j]
		ax += v
		scale += math.Abs(v)
	}
	return ax, scale
}

// check returns the current point if it meets the constraints; else it
// rebuilds the tableau once (refactor) and checks again. It reports whether
// it refactored, after which the reduced costs must be recomputed.
func (s *Solver) check() (x []float64, refactored bool, err error) {
	if x = s.point(); s.satisfies(x) {
		return x, false, nil
	}
	if err := s.refactor(); err != nil {
		return nil, true, err
	}
	if x = s.point(); !s.satisfies(x) {
		return nil, true, fmt.Errorf("%w: constraints missed after refactoring", ErrNumeric)
	}
	return x, true, nil
}
