package disclosure

import "math/big"

// determined returns, in cell order, the cells marked target whose value the
// table's relations fix when every cell not marked unknown is known.
//
// Each relation is the equation margin - Σ members = 0. Moving the known
// cells to the right-hand side leaves a system A·x = b over the unknowns,
// and an unknown x_j is fixed by it exactly when the unit vector e_j lies in
// the row space of A. That depends only on which cells are unknown, never on
// the values, so the same answer holds for people, events and sums, and for
// the rounded values as for the true ones. It is decided exactly: A is brought
// to reduced row echelon form over the rationals, where e_j lies in the row
// space exactly when some row is e_j.
func determined(rels []relation, unknown, target []bool) []int {
	col := make([]int, len(unknown))
	var cells []int
	for i, u := range unknown {
		col[i] = -1
		if u {
			col[i] = len(cells)
			cells = append(cells, i)
		}
	}
	var rows [][]big.Rat
	for _, r := range rels {
		var row []big.Rat
		put := func(c int, v int64) {
			if col[c] < 0 {
				return
			}
			if row == nil {
				row = make([]big.Rat, len(cells))
			}
			row[col[c]].SetInt64(v)
		}
		put(r.margin, 1)
		for _, c := range r.members {
			put(c, -1)
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	var out []int
	for _, j := range reduce(rows, len(cells)) {
		if target[cells[j]] {
			out = append(out, cells[j])
		}
	}
	return out
}

// reduce brings rows to reduced row echelon form in place and returns, in
// increasing order, the columns whose unit vector is one of the rows.
func reduce(rows [][]big.Rat, cols int) []int {
	var fixed []int
	var f, t big.Rat
	p := 0
	for c := 0; c < cols && p < len(rows); c++ {
		k := p
		for k < len(rows) && rows[k][c].Sign() == 0 {
			k++
		}
		if k == len(rows) {
			continue
		}
		rows[p], rows[k] = rows[k], rows[p]
		pivot := rows[p]
		f.Inv(&pivot[c])
		var nz []int
		for j := c; j < cols; j++ {
			if pivot[j].Sign() != 0 {
				pivot[j].Mul(&pivot[j], &f)
				nz = append(nz, j)
			}
		}
		for i := range rows {
			if i == p || rows[i][c].Sign() == 0 {
				continue
			}
			f.Set(&rows[i][c])
			for _, j := range nz {
				t.Mul(&f, &pivot[j])
				rows[i][j].Sub(&rows[i][j], &t)
			}
		}
		p++
	}
	for _, row := range rows[:p] {
		lead, n := -1, 0
		for j := range row {
			if row[j].Sign() != 0 {
				if lead < 0 {
					lead = j
				}
				n++
			}
		}
		if n == 1 {
			fixed = append(fixed, lead)
		}
	}
	return fixed
}
