package disclosure

import (
	"cmp"
	"math/bits"
)

// protector adds complementary suppressions to one additive column of a
// table (the counts, or one sum measure) until no sensitive hidden value can
// be derived from the released ones.
type protector struct {
	g      *grid
	hidden []bool    // per cell: the value is withheld
	size   []int64   // per cell: people in it; 0 means a known zero, never hidden
	weight []float64 // per cell: the value's magnitude, for a sum; nil for counts
	need   []float64 // per cell: the protection a hidden sum needs; nil for counts
	n      []int     // per relation: how many of its cells are hidden
	added  []int
}

// protect hides more cells of a column whose hidden cells are marked, until
// no cell marked sensitive is determined by the relations, and returns the
// cells it hid, in the order it hid them. hidden is updated in place.
//
// A heuristic does most of the work: while some relation has exactly one
// hidden cell (which it would give away by subtraction), hide another of its
// cells. The choice prefers, in order, a cell that is also the only hidden
// one of another relation (so one suppression closes two, and a hidden cell
// in a 2-D table gets the classic rectangle of four), a cell with fewer
// totals (cells before margins), the smallest count, and the first in the
// table. The heuristic alone is not enough: every relation can hold two
// hidden cells while a combination of relations still pins one down. So the
// exact check (determined) decides; while it finds a determined cell, hide
// the best cell sharing a relation with it and start again. Hiding more never
// makes a value easier to derive, so this ends, at worst with every cell
// hidden.
//
// A sum hidden by a magnitude rule needs more than not being determined: a
// reader must not bound it to within its protection (Magnitude.check). So for
// a sum column, weight holds each cell's absolute value and need each hidden
// cell's protection, and every relation holding a cell with a need must hide,
// besides it, values of at least that much in all, so that the relation
// overstates it by at least that much. Complements are chosen to give it,
// the largest first when none suffices alone. This
// looks at one relation at a time; that several relations together cannot
// narrow the cell further is not checked.
func protect(g *grid, hidden, sensitive []bool, size []int64, weight, need []float64) ([]int, error) {
	p := &protector{g: g, hidden: hidden, size: size, weight: weight, need: need, n: make([]int, len(g.rels))}
	for c, h := range hidden {
		if h {
			for _, r := range g.of[c] {
				p.n[r]++
			}
		}
	}
	for {
		p.spread()
		det := determined(g, p.hidden, sensitive)
		if len(det) == 0 {
			c := p.short()
			if c < 0 {
				return p.added, nil
			}
			p.hide(c)
			continue
		}
		var near []int
		for _, r := range g.of[det[0]] {
			near = append(near, p.cells(r)...)
		}
		c := p.best(near, 0)
		if c < 0 {
			c = p.best(allCells(len(hidden)), 0)
		}
		if c < 0 {
			return nil, ErrDerivable
		}
		p.hide(c)
	}
}

// spread applies the heuristic until every relation has zero or at least two
// hidden cells.
func (p *protector) spread() {
	for changed := true; changed; {
		changed = false
		for r := range p.g.rels {
			if p.n[r] != 1 {
				continue
			}
			if c := p.best(p.cells(r), p.needIn(r)); c >= 0 {
				p.hide(c)
				changed = true
			}
		}
	}
}

func (p *protector) hide(c int) {
	p.hidden[c] = true
	p.added = append(p.added, c)
	for _, r := range p.g.of[c] {
		p.n[r]++
	}
}

// cells lists the margin and members of relation r.
func (p *protector) cells(r int) []int {
	rel := p.g.rels[r]
	return append([]int{rel.margin}, rel.members...)
}

// best returns the preferred cell to hide among cands, or -1 when none is
// released and non-zero. With a need, a cell whose weight meets it comes
// first, and among those that do not, the heaviest.
func (p *protector) best(cands []int, need float64) int {
	best, bestCloses := -1, 0
	// fit is below 0 when c meets the need and than does not, or neither
	// does and c is heavier.
	fit := func(c, than int) int {
		if need <= 0 {
			return 0
		}
		meets, other := p.weight[c] >= need, p.weight[than] >= need
		switch {
		case meets && !other:
			return -1
		case other && !meets:
			return 1
		case !meets:
			return cmp.Compare(p.weight[than], p.weight[c])
		}
		return 0
	}
	for _, c := range cands {
		if p.hidden[c] || p.size[c] == 0 {
			continue
		}
		closes := 0
		for _, r := range p.g.of[c] {
			if p.n[r] == 1 {
				closes++
			}
		}
		if best < 0 || cmp.Or(
			fit(c, best),
			cmp.Compare(bestCloses, closes),
			cmp.Compare(bits.OnesCount16(p.g.masks[c]), bits.OnesCount16(p.g.masks[best])),
			cmp.Compare(p.size[c], p.size[best]),
			cmp.Compare(c, best),
		) < 0 {
			best, bestCloses = c, closes
		}
	}
	return best
}

func allCells(n int) []int {
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	return all
}
