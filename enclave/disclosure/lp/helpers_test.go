package lp

import (
	"fmt"
	"math"
)

var inf = math.Inf(1)

// dense builds a constraint from a dense row of coefficients, leaving out
// the zeros.
func dense(sense Sense, rhs float64, coefs ...float64) Constraint {
	c := Constraint{Sense: sense, RHS: rhs}
	for j, a := range coefs {
		if a != 0 {
			c.Vars = append(c.Vars, j)
			c.Coefs = append(c.Coefs, a)
		}
	}
	return c
}

// nonneg returns bounds [0, +Inf) for n variables.
func nonneg(n int) (lower, upper []float64) {
	lower, upper = make([]float64, n), make([]float64, n)
	for j := range upper {
		upper[j] = inf
	}
	return lower, upper
}

// unit returns the objective e_j over n variables.
func unit(n, j int) []float64 {
	c := make([]float64, n)
	c[j] = 1
	return c
}

// feasible returns an error naming the first bound or row x misses: bounds
// exactly, rows within tol × (1 + |RHS| + Σ|a·x|).
func feasible(p Problem, x []float64, tol float64) error {
	if len(x) != len(p.Lower) {
		return fmt.Errorf("point has %d values for %d variables", len(x), len(p.Lower))
	}
	for j, v := range x {
		if !(v >= p.Lower[j] && v <= p.Upper[j]) {
			return fmt.Errorf("x[%d] = %v outside [%v, %v]", j, v, p.Lower[j], p.Upper[j])
		}
	}
	for i, c := range p.Constraints {
		ax, scale := 0.0, 1+math.Abs(c.RHS)
		for k, j := range c.Vars {
			ax += c.Coefs[k] * x[j]
			scale += math.Abs(c.Coefs[k] * x[j])
		}
		miss := ax - c.RHS
		switch c.Sense {
		case GE:
			miss = -miss
		case EQ:
			miss = math.Abs(miss)
		}
		if miss > tol*scale {
			return fmt.Errorf("constraint %d misses by %v", i, miss)
		}
	}
	return nil
}

// close reports whether got and want agree within tol relative to their
// size.
func close(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*(1+math.Abs(want))
}
