package lp

import (
	"context"
	"fmt"
	"math"
)

// iterate runs primal simplex iterations minimising s.cost from the current
// (primal feasible) basis until no reduced cost is attractive. Pricing is
// Dantzig's rule, which is fast but can cycle on degenerate vertices, as the
// transportation-like tables of disclosure control are; after s.blandAfter
// degenerate steps in a row it is Bland's rule, which cannot cycle, until a
// step moves the objective. A cycle would be all degenerate steps, so the
// mix cannot cycle either.
func (s *Solver) iterate(ctx context.Context) error {
	degenerate := 0
	for {
		bland := degenerate >= s.blandAfter
		q, dir := s.price(bland)
		if q < 0 {
			return nil
		}
		if err := s.tick(ctx); err != nil {
			return err
		}
		r, t := s.ratio(q, dir, bland)
		if math.IsInf(t, 1) {
			return ErrUnbounded
		}
		s.move(q, dir, t, r)
		if t <= s.degenerate {
			degenerate++
		} else {
			degenerate = 0
		}
	}
}

// price returns a nonbasic column whose move in direction dir (+1 up, -1
// down) lowers the objective, or -1 when the basis is optimal. Fixed columns
// never qualify; a free one at 0 may move either way.
func (s *Solver) price(bland bool) (q int, dir float64) {
	q, best := -1, s.dualTol
	for j, dj := range s.d {
		if s.pos[j] >= 0 {
			continue
		}
		var dirj float64
		switch {
		case dj < -s.dualTol && s.val[j] < s.hi[j]:
			dirj = 1
		case dj > s.dualTol && s.val[j] > s.lo[j]:
			dirj = -1
		default:
			continue
		}
		if bland {
			return j, dirj
		}
		if a := math.Abs(dj); a > best {
			q, best, dir = j, a, dirj
		}
	}
	return q, dir
}

// tick counts a pivot, giving up past the limit, and checks the context
// every ctxEvery pivots or sooner when the pivots since the last check have
// been expensive (a dense tableau of 200 MB takes milliseconds a pivot).
func (s *Solver) tick(ctx context.Context) error {
	s.pivots++
	if s.pivots > s.maxPivots {
		return fmt.Errorf("%w: %d", ErrPivots, s.maxPivots)
	}
	if s.pivots%ctxEvery == 0 || s.work > ctxWork {
		s.work = 0
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("lp: %w", err)
		}
	}
	return nil
}
