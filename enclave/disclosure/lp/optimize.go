package lp

import (
	"context"
	"fmt"
	"math"
)

// Optimize minimises c·x over the Solver's feasible region, or maximises it
// when max is true, and returns the optimal value and a fresh copy of an
// optimal point: len(c) values, each within its bounds exactly and
// satisfying every constraint within the feasibility tolerance. It starts
// from the basis the previous call left, which is still feasible (warm
// start), so a sequence of objectives over one region, as the attacker
// problem's min and max of each hidden cell are, costs a few pivots each.
// It returns ErrUnbounded when the objective has no optimum, ErrPivots,
// ctx's error (wrapped) when ctx ends first, and after all of these the
// Solver stays usable; ErrNumeric only if rounding defeats a refactor.
func (s *Solver) Optimize(ctx context.Context, c []float64, max bool) (float64, []float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, fmt.Errorf("lp: %w", err)
	}
	if s.broken != nil {
		return 0, nil, s.broken
	}
	if len(c) != s.n {
		return 0, nil, fmt.Errorf("%w: objective has %d coefficients for %d variables", ErrInvalid, len(c), s.n)
	}
	sign, scale := 1.0, 1.0
	if max {
		sign = -1
	}
	for j, cj := range c {
		if math.IsNaN(cj) || math.IsInf(cj, 0) {
			return 0, nil, fmt.Errorf("%w: objective coefficient %d is not finite", ErrInvalid, j)
		}
		s.cost[j] = sign * cj
		scale = math.Max(scale, math.Abs(cj))
	}
	s.dualTol = dualRel * scale
	s.pivots = 0
	s.reducedCosts()
	// A refactored tableau gives slightly different reduced costs, so the
	// basis is priced again, once.
	var x []float64
	for attempt := 0; ; attempt++ {
		if err := s.iterate(ctx); err != nil {
			return 0, nil, err
		}
		var refactored bool
		var err error
		if x, refactored, err = s.check(); err != nil {
			return 0, nil, err
		}
		if !refactored || attempt > 0 {
			break
		}
		s.reducedCosts()
	}
	v := 0.0
	for j, cj := range c {
		v += cj * x[j]
	}
	return v, x, nil
}
