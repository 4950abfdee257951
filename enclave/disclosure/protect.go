package disclosure

import (
	"cmp"
	"context"
	"math/bits"
)

// protector adds complementary suppressions to one additive quantity of a
// table (the counts, or one sum measure) until every value hidden for its
// own sake is protected, as the quantity's audit judges.
type protector struct {
	g      *grid
	hidden []bool    // per cell: the value is withheld
	size   []int64   // per cell: people in it; 0 means a released zero, never hidden
	roomy  []bool    // per cell: for counts, hiding it gives a neighbour room to move; nil for sums
	weight []float64 // per cell: the value's magnitude, for a sum; nil for counts
	need   []float64 // per cell: the protection a hidden sum needs; nil for counts
	n      []int     // per relation: how many of its cells are hidden
	added  []int
}

// audit returns the hidden cells, among those hidden for their own sake,
// that are not yet protected when the cells marked hidden are withheld.
type audit func(ctx context.Context, hidden []bool) ([]int, error)

func newProtector(g *grid, hidden []bool, size []int64) *protector {
	p := &protector{g: g, hidden: hidden, size: size, n: make([]int, len(g.rels))}
	for c, h := range hidden {
		if h {
			for _, r := range g.of[c] {
				p.n[r]++
			}
		}
	}
	return p
}

// protect hides more cells until the audit finds every value hidden for its
// own sake protected, and returns the cells it hid, in the order it hid
// them. p.hidden is updated in place.
//
// A heuristic does most of the work: while some relation has exactly one
// hidden cell (which it would give away by subtraction), hide another of its
// cells. The choice prefers, in order, a cell that is also the only hidden
// one of another relation (so one suppression closes two, and a hidden cell
// in a 2-D table gets the classic rectangle of four), a cell that gives its
// neighbours room to move (for counts: one well above the threshold), a cell
// with fewer totals (cells before margins), the smallest count, and the
// first in the table. The heuristic alone is not enough: every relation can hold two
// hidden cells while a combination of relations still pins one down, or
// narrows it below its protection level. So the audit decides; while it
// finds cells unprotected, hide for each the best cell sharing a relation
// with it (all at once: an audit costs more than a hidden cell) and start
// again. Hiding more never narrows what a reader can say of a hidden
// value, so this ends, at worst with every cell hidden.
//
// A sum hidden by a magnitude rule also needs a margin of protection beside
// it in every relation that holds it (short).
func protect(ctx context.Context, p *protector, check audit) ([]int, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.spread()
		failing, err := check(ctx, p.hidden)
		if err != nil {
			return nil, err
		}
		if len(failing) == 0 {
			c := p.short()
			if c < 0 {
				return p.added, nil
			}
			p.hide(c)
			continue
		}
		hid := false
		for _, f := range failing {
			if c := p.nearest(f); c >= 0 {
				p.hide(c)
				hid = true
			}
		}
		if !hid {
			c := p.best(allCells(len(p.hidden)), 0)
			if c < 0 {
				return nil, ErrDerivable
			}
			p.hide(c)
		}
	}
}

// nearest returns the best cell to hide among those sharing a relation with
// cell f, or -1 when none is left to hide.
func (p *protector) nearest(f int) int {
	var near []int
	for _, r := range p.g.of[f] {
		near = append(near, p.cells(r)...)
	}
	return p.best(near, 0)
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
	// room is below 0 when c, a count, gives room and than does not.
	room := func(c, than int) int {
		if p.roomy == nil || p.roomy[c] == p.roomy[than] {
			return 0
		}
		if p.roomy[c] {
			return -1
		}
		return 1
	}
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
			room(c, best),
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
