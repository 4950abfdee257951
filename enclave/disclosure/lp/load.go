package lp

import "math"

// load fills the tableau with the rows as given and chooses the starting
// basis: every column nonbasic at Problem.Start, else at a finite bound (a
// free one at 0), and in each row the slack if it can absorb the row's
// residual within its bounds, else the row's artificial, which takes the
// residual's absolute value. From a point of the region every artificial
// starts at zero and phase 1 has only to pivot them out.
func (s *Solver) load() {
	scale := 1.0
	for j := range s.n {
		s.lo[j], s.hi[j] = s.p.Lower[j], s.p.Upper[j]
		s.val[j] = start(s.lo[j], s.hi[j])
		if s.p.Start != nil {
			s.val[j] = s.p.Start[j]
		}
		scale = max(scale, finite(s.lo[j]), finite(s.hi[j]))
	}
	col := s.n
	for k, c := range s.p.Constraints {
		s.slack[k] = -1
		if c.Sense != EQ {
			s.slack[k] = col
			s.lo[col], s.hi[col] = 0, math.Inf(1)
			if c.Sense == GE {
				s.lo[col], s.hi[col] = math.Inf(-1), 0
			}
			col++
		}
		s.lo[s.ncol+k], s.hi[s.ncol+k] = 0, math.Inf(1)
		scale = max(scale, math.Abs(c.RHS))
	}
	s.degenerate = degenerateRel * scale
	for j := range s.pos {
		s.pos[j] = -1
	}
	for i, c := range s.p.Constraints {
		s.rows[i] = i
		row := s.row(i)
		r := c.RHS
		for k, j := range c.Vars {
			row[j] = c.Coefs[k]
			r -= c.Coefs[k] * s.val[j]
		}
		if sl := s.slack[i]; sl >= 0 {
			row[sl] = 1
			if r >= s.lo[sl] && r <= s.hi[sl] {
				s.basis[i], s.pos[sl], s.val[sl] = sl, i, r
				continue
			}
		}
		s.basis[i], s.val[s.ncol+i] = s.ncol+i, math.Abs(r)
		if r < 0 {
			for j, v := range row {
				row[j] = -v
			}
		}
	}
}

// start is where a nonbasic variable with bounds lo and hi begins.
func start(lo, hi float64) float64 {
	switch {
	case !math.IsInf(lo, 0):
		return lo
	case !math.IsInf(hi, 0):
		return hi
	}
	return 0
}

// finite returns |v|, or 0 for an infinite v.
func finite(v float64) float64 {
	if math.IsInf(v, 0) {
		return 0
	}
	return math.Abs(v)
}
