package lp

import (
	"fmt"
	"math"
)

// refactor rebuilds the tableau from the original rows for the current
// basis, discarding the rounding accumulated over many pivots: Gauss-Jordan
// elimination with partial pivoting over the basic columns, carrying the
// right-hand side less the nonbasic variables' part, which gives the basic
// variables' values afresh. It is m pivots, bounded work, so it counts
// against neither the pivot limit nor the context: stopping halfway would
// leave no basis. If the basis proves singular, the Solver is broken for
// good.
func (s *Solver) refactor() error {
	basic := append([]int(nil), s.basis[:s.m]...)
	rhs := make([]float64, s.m)
	for i := range s.m {
		k := s.rows[i]
		c := s.p.Constraints[k]
		row := s.row(i)
		clear(row)
		rhs[i] = c.RHS
		for t, j := range c.Vars {
			row[j] = c.Coefs[t]
			if s.pos[j] < 0 {
				rhs[i] -= c.Coefs[t] * s.val[j]
			}
		}
		if sl := s.slack[k]; sl >= 0 {
			row[sl] = 1
			if s.pos[sl] < 0 {
				rhs[i] -= s.val[sl]
			}
		}
	}
	// Mark every row unassigned: its artificial stands in until a basic
	// column is pivoted into it.
	for i := range s.m {
		if b := s.basis[i]; b < s.ncol {
			s.pos[b] = -1
		}
		s.basis[i] = s.ncol + s.rows[i]
	}
	for _, q := range basic {
		r, best := -1, pivotAbs
		for i := range s.m {
			if a := math.Abs(s.t[i*s.ncol+q]); s.basis[i] >= s.ncol && a > best {
				r, best = i, a
			}
		}
		if r < 0 {
			s.broken = fmt.Errorf("%w: basis became singular", ErrNumeric)
			return s.broken
		}
		rhs[r] /= s.t[r*s.ncol+q]
		for i := range s.m {
			if f := s.t[i*s.ncol+q]; i != r && f != 0 {
				rhs[i] -= f * rhs[r]
			}
		}
		s.pivot(r, q)
	}
	for i, b := range s.basis[:s.m] {
		s.val[b] = rhs[i]
	}
	return nil
}
