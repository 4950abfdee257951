package lp

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// phase1 finds a feasible basis: it minimises the sum of the artificial
// variables load left basic, reports ErrInfeasible if that stays positive,
// pivots out the artificials left at zero, and drops the rows it cannot
// pivot them out of, which are combinations of other rows (a table's grand
// total appears in several relations).
func (s *Solver) phase1(ctx context.Context) error {
	s.dualTol = dualRel
	infeasible := false
	for i := range s.m {
		if b := s.basis[i]; b >= s.ncol {
			s.cost[b] = 1
			_, scale := s.activity(b-s.ncol, s.val)
			infeasible = infeasible || s.val[b] > feasibleRel*scale
		}
	}
	s.reducedCosts()
	// From a point of the region (Problem.Start) every artificial is already
	// zero: the minimum is reached, and minimising would only pivot in place.
	if !infeasible {
		clear(s.cost)
		if err := s.driveOut(ctx); err != nil {
			return err
		}
		_, _, err := s.check()
		return err
	}
	if err := s.iterate(ctx); err != nil {
		if errors.Is(err, ErrUnbounded) {
			return fmt.Errorf("%w: phase 1 unbounded", ErrNumeric)
		}
		return err
	}
	for i := range s.m {
		b := s.basis[i]
		if b < s.ncol {
			continue
		}
		if _, scale := s.activity(b-s.ncol, s.val); s.val[b] > feasibleRel*scale {
			return fmt.Errorf("%w: constraint %d cannot be met with the others", ErrInfeasible, b-s.ncol)
		}
	}
	clear(s.cost)
	if err := s.driveOut(ctx); err != nil {
		return err
	}
	_, _, err := s.check()
	return err
}

// driveOut replaces each artificial still basic (at zero) by a column with
// a nonzero in its row, a degenerate pivot; then drops the rows that have
// none, whose artificial is all that is left in them.
func (s *Solver) driveOut(ctx context.Context) error {
	for r := range s.m {
		if s.basis[r] < s.ncol {
			continue
		}
		q, best := -1, redundantAbs
		for j, v := range s.row(r) {
			if s.pos[j] < 0 && math.Abs(v) > best {
				q, best = j, math.Abs(v)
			}
		}
		if q < 0 {
			continue
		}
		if err := s.tick(ctx); err != nil {
			return err
		}
		s.val[s.basis[r]] = 0
		s.pivot(r, q)
	}
	for r := s.m - 1; r >= 0; r-- {
		if s.basis[r] >= s.ncol {
			s.dropRow(r)
		}
	}
	return nil
}

// dropRow removes tableau row r, moving the last row into its place.
func (s *Solver) dropRow(r int) {
	last := s.m - 1
	if r != last {
		copy(s.row(r), s.row(last))
		s.basis[r], s.rows[r] = s.basis[last], s.rows[last]
		if b := s.basis[r]; b < s.ncol {
			s.pos[b] = r
		}
	}
	s.m--
}
