package lp

import (
	"math"
	"math/rand/v2"
)

// grid is a table with every margin, as disclosure control sees it: one
// cell per combination of coordinates 0..sizes[d], where coordinate
// sizes[d] is the total over dimension d. Cells are numbered in mixed radix,
// the last dimension fastest.
type grid struct {
	sizes []int
	value []float64
}

// newGrid fills the interior from interior(coords) and adds every margin.
func newGrid(sizes []int, interior func(coords []int) float64) grid {
	g := grid{sizes: sizes}
	cells := 1
	for _, s := range sizes {
		cells *= s + 1
	}
	g.value = make([]float64, cells)
	coords := make([]int, len(sizes))
	for c := range cells {
		g.coords(c, coords)
		if g.interior(coords) {
			v := interior(coords)
			// Add v to every cell that totals over some of its coordinates.
			for mask := range 1 << len(sizes) {
				at := append([]int(nil), coords...)
				for d := range sizes {
					if mask&(1<<d) != 0 {
						at[d] = sizes[d]
					}
				}
				g.value[g.index(at)] += v
			}
		}
	}
	return g
}

func (g grid) coords(c int, into []int) {
	for d := len(g.sizes) - 1; d >= 0; d-- {
		into[d] = c % (g.sizes[d] + 1)
		c /= g.sizes[d] + 1
	}
}

func (g grid) index(coords []int) int {
	c := 0
	for d, x := range coords {
		c = c*(g.sizes[d]+1) + x
	}
	return c
}

func (g grid) interior(coords []int) bool {
	for d, x := range coords {
		if x == g.sizes[d] {
			return false
		}
	}
	return true
}

// attacker builds the attacker problem of the hidden cells: one variable per
// hidden cell, in cell order (vars[k] is variable k's cell), bounded as the
// attacker knows ([0, 9] for a count below 10, else [10, +Inf)); and for
// every relation total = Σ parts touching a hidden cell, one equality with
// the released cells moved to the right-hand side.
func (g grid) attacker(hidden []bool) (p Problem, vars []int) {
	variable := make([]int, len(g.value))
	for c, h := range hidden {
		variable[c] = -1
		if h {
			variable[c] = len(vars)
			vars = append(vars, c)
			lo, hi := 10.0, math.Inf(1)
			if g.value[c] < 10 {
				lo, hi = 0, 9
			}
			p.Lower, p.Upper = append(p.Lower, lo), append(p.Upper, hi)
		}
	}
	coords := make([]int, len(g.sizes))
	for c := range g.value {
		g.coords(c, coords)
		for d, size := range g.sizes {
			if coords[d] != size {
				continue
			}
			row := Constraint{Sense: EQ}
			term := func(cell int, coef float64) {
				if j := variable[cell]; j >= 0 {
					row.Vars, row.Coefs = append(row.Vars, j), append(row.Coefs, coef)
				} else {
					row.RHS -= coef * g.value[cell]
				}
			}
			term(c, 1)
			part := append([]int(nil), coords...)
			for i := range size {
				part[d] = i
				term(g.index(part), -1)
			}
			if len(row.Vars) > 0 {
				p.Constraints = append(p.Constraints, row)
			}
		}
	}
	return p, vars
}

// protected hides random boxes, two coordinates per dimension (a total among
// them at times), until share of the cells are hidden. Each box can shift by
// a pattern of signs without changing any released value (along dimension
// d, two parts move opposite ways, a part and its total the same way), so
// no hidden cell is determined exactly, as after secondary suppression. No
// box holds the grand total, which is released.
func (g grid) protected(rng *rand.Rand, share float64) []bool {
	hidden := make([]bool, len(g.value))
	count := 0
	pair := make([][2]int, len(g.sizes))
	at := make([]int, len(g.sizes))
	for float64(count) < share*float64(len(g.value)) {
		grand := true
		for d, size := range g.sizes {
			a := rng.IntN(size + 1)
			b := (a + 1 + rng.IntN(size)) % (size + 1)
			pair[d] = [2]int{a, b}
			grand = grand && (a == size || b == size)
		}
		if grand {
			continue
		}
		for corner := range 1 << len(g.sizes) {
			for d := range g.sizes {
				at[d] = pair[d][corner>>d&1]
			}
			if c := g.index(at); !hidden[c] {
				hidden[c] = true
				count++
			}
		}
	}
	return hidden
}
