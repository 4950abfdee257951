package lp

// entry is a nonzero a in tableau row i.
type entry struct {
	i int
	a float64
}

// column gathers the nonzeros of column q into s.col: walking a column of
// a row-major tableau misses the cache at every row, so it is done once.
func (s *Solver) column(q int) {
	s.col = s.col[:0]
	for i := range s.m {
		if a := s.t[i*s.ncol+q]; a != 0 {
			s.col = append(s.col, entry{i, a})
		}
	}
}

// pivot makes column q basic in row r: Gauss-Jordan elimination of column q
// from every other row and from the reduced costs. Only the pivot row's
// nonzeros are visited, in the rows with a nonzero in column q, so a sparse
// tableau (a table's relations touch few cells) stays cheap.
func (s *Solver) pivot(r, q int) {
	s.column(q)
	prow := s.row(r)
	inv := 1 / prow[q]
	s.nz = s.nz[:0]
	for k, v := range prow {
		if v != 0 {
			prow[k] = v * inv
			s.nz = append(s.nz, k)
		}
	}
	prow[q] = 1
	s.work += len(s.nz) * len(s.col)
	for _, e := range s.col {
		if e.i == r {
			continue
		}
		row := s.row(e.i)
		for _, k := range s.nz {
			row[k] -= e.a * prow[k]
		}
		row[q] = 0
	}
	if f := s.d[q]; f != 0 {
		for _, k := range s.nz {
			s.d[k] -= f * prow[k]
		}
	}
	s.d[q] = 0
	if b := s.basis[r]; b < s.ncol {
		s.pos[b] = -1
	}
	s.basis[r], s.pos[q] = q, r
}

// reducedCosts sets d = cost − cost_B·B⁻¹A from the tableau. Only rows whose
// basic variable has a cost contribute, so an objective on one variable, as
// the attacker problem's are, costs one row.
func (s *Solver) reducedCosts() {
	copy(s.d, s.cost[:s.ncol])
	for i := range s.m {
		cb := s.cost[s.basis[i]]
		if cb == 0 {
			continue
		}
		for k, v := range s.row(i) {
			if v != 0 {
				s.d[k] -= cb * v
			}
		}
	}
	for i := range s.m {
		if b := s.basis[i]; b < s.ncol {
			s.d[b] = 0
		}
	}
}
