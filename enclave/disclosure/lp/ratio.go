package lp

import "math"

// ratio returns how far column q can move in direction dir before a basic
// variable reaches a bound, and that variable's row; row -1 when q reaches
// its own bound in that direction first (a bound flip, no pivot), and step +Inf when
// nothing stops it. Among rows that tie, it takes the largest entry, the
// most stable pivot, or under Bland's rule the smallest variable index. It
// leaves column q gathered in s.col for move.
func (s *Solver) ratio(q int, dir float64, bland bool) (int, float64) {
	s.column(q)
	colMax := 0.0
	for _, e := range s.col {
		colMax = max(colMax, math.Abs(e.a))
	}
	tol := max(pivotAbs, pivotRel*colMax)
	step := s.hi[q] - s.val[q] // to its own bound: the other one, unless it started between them
	if dir < 0 {
		step = s.val[q] - s.lo[q]
	}
	flip := step
	for _, e := range s.col {
		if lim, ok := s.limit(e, dir, tol); ok && lim < step {
			step = lim
		}
	}
	if step == flip {
		return -1, step
	}
	tie := step + tieRel*max(1, step)
	r, best := -1, 0.0
	for _, e := range s.col {
		lim, ok := s.limit(e, dir, tol)
		if !ok || lim > tie {
			continue
		}
		a := math.Abs(e.a)
		if bland && (r < 0 || s.basis[e.i] < s.basis[r]) || !bland && a > best {
			r, best = e.i, a
		}
	}
	return r, step
}

// limit returns how far the entering column, whose entry in row e.i is e.a,
// can move in direction dir before the variable basic in that row reaches
// a bound, and false when it never does (the entry is below tol, or the
// bound it moves towards is infinite).
func (s *Solver) limit(e entry, dir, tol float64) (float64, bool) {
	a := dir * e.a
	b := s.basis[e.i]
	switch {
	case a > tol && !math.IsInf(s.lo[b], -1):
		return max(0, (s.val[b]-s.lo[b])/a), true
	case a < -tol && !math.IsInf(s.hi[b], 1):
		return max(0, (s.hi[b]-s.val[b])/-a), true
	}
	return 0, false
}

// move steps column q, gathered in s.col, by t in direction dir, updating
// the basic variables, then either moves q to its bound in direction dir
// (r < 0) or pivots it into row r, whose variable leaves at exactly the
// bound it reached.
func (s *Solver) move(q int, dir, t float64, r int) {
	if t > 0 {
		for _, e := range s.col {
			s.val[s.basis[e.i]] -= dir * t * e.a
		}
		s.val[q] += dir * t
	}
	if r < 0 {
		s.val[q] = s.hi[q]
		if dir < 0 {
			s.val[q] = s.lo[q]
		}
		return
	}
	b := s.basis[r]
	s.val[b] = s.hi[b]
	if dir*s.t[r*s.ncol+q] > 0 {
		s.val[b] = s.lo[b]
	}
	s.pivot(r, q)
}
