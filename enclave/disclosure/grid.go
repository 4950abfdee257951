package disclosure

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
)

// A relation is one additive equation of a table with margins: the margin
// equals the sum of the cells that differ from it only in the collapsed
// dimensions, each taking a category there. Cells missing from the table
// are zeros and left out.
type relation struct {
	margin    int
	collapsed uint16 // the dimensions summed over, a non-empty subset of the margin's totals
	members   []int
}

// grid indexes the cells of a table by their keys and lists its relations.
type grid struct {
	masks   []uint16 // per cell, the dimensions where it holds a total
	present map[uint16]bool
	index   map[string]int
	rels    []relation
	of      [][]int // per cell, the relations it appears in (as margin or member)
}

// newGrid indexes cells and builds every relation: for each margin and each
// non-empty subset of its totals whose cells the table holds (the grouping
// set with those dimensions by category), one equation. With every margin of
// a 2-D table that is a row total per row, a column total per column, and
// the grand total three times: over row totals, column totals and the cells.
// The redundant ones do no harm to the algebra and help the heuristic.
func newGrid(dims int, keys [][]Key) (*grid, error) {
	if dims > MaxDimensions {
		return nil, fmt.Errorf("%w: %d dimensions, at most %d", ErrTable, dims, MaxDimensions)
	}
	g := &grid{
		masks:   make([]uint16, len(keys)),
		present: map[uint16]bool{},
		index:   make(map[string]int, len(keys)),
		of:      make([][]int, len(keys)),
	}
	for i, ks := range keys {
		if len(ks) != dims {
			return nil, fmt.Errorf("%w: cell %d has %d keys for %d dimensions", ErrTable, i, len(ks), dims)
		}
		for d, k := range ks {
			if k.Total {
				if k.Value != "" || k.Other {
					return nil, fmt.Errorf("%w: cell %d key %d is a total with a value", ErrTable, i, d)
				}
				g.masks[i] |= 1 << d
			}
		}
		id := keyOf(ks)
		if j, dup := g.index[id]; dup {
			return nil, fmt.Errorf("%w: cells %d and %d have the same keys", ErrTable, j, i)
		}
		g.index[id] = i
		g.present[g.masks[i]] = true
	}
	if g.hasMargins() && !g.present[0] {
		return nil, fmt.Errorf("%w: a table with margins must hold the cells beneath them", ErrTable)
	}
	g.relate(dims, keys)
	return g, nil
}

// relate adds each cell to the relation of every margin above it.
func (g *grid) relate(dims int, keys [][]Key) {
	all := uint16(1)<<dims - 1
	byID := map[[2]int]int{}
	up := make([]Key, dims)
	for i, ks := range keys {
		free := all &^ g.masks[i]
		for s := free; s > 0; s = (s - 1) & free {
			copy(up, ks)
			for d := range dims {
				if s&(1<<d) != 0 {
					up[d] = Key{Total: true}
				}
			}
			m, ok := g.index[keyOf(up)]
			if !ok || slices.ContainsFunc(up, func(k Key) bool { return k.Other }) {
				// An other row is no margin: the other rows of two
				// categories gather different cells, so they do not add
				// up to the other row of the total.
				continue
			}
			id := [2]int{m, int(s)}
			r, ok := byID[id]
			if !ok {
				r = len(g.rels)
				byID[id] = r
				g.rels = append(g.rels, relation{margin: m, collapsed: s})
			}
			g.rels[r].members = append(g.rels[r].members, i)
		}
	}
	slices.SortFunc(g.rels, func(a, b relation) int {
		return cmp.Or(cmp.Compare(a.margin, b.margin), cmp.Compare(a.collapsed, b.collapsed))
	})
	for r, rel := range g.rels {
		g.of[rel.margin] = append(g.of[rel.margin], r)
		for _, c := range rel.members {
			g.of[c] = append(g.of[c], r)
		}
	}
}

// hasMargins reports whether any cell holds a total.
func (g *grid) hasMargins() bool {
	for mask := range g.present {
		if mask != 0 {
			return true
		}
	}
	return false
}

// empty lists the (margin, collapsed) pairs the table's grouping sets call for
// but that have no cells: the margin must then count no one.
func (g *grid) empty() [][2]int {
	have := map[[2]int]bool{}
	for _, r := range g.rels {
		have[[2]int{r.margin, int(r.collapsed)}] = true
	}
	var out [][2]int
	for m, mask := range g.masks {
		for s := mask; s > 0; s = (s - 1) & mask {
			if g.present[mask&^s] && !have[[2]int{m, int(s)}] {
				out = append(out, [2]int{m, int(s)})
			}
		}
	}
	return out
}

// beneath returns the relation of margin m over the cells with no totals,
// or nil when none is beneath it.
func (g *grid) beneath(m int) *relation {
	for _, r := range g.of[m] {
		if g.rels[r].margin == m && g.rels[r].collapsed == g.masks[m] {
			return &g.rels[r]
		}
	}
	return nil
}

// needed returns the relations of rels a reader's problem needs: each
// margin against the cells one dimension below it, and a relation over
// several dimensions only where the grouping sets between it and its cells
// are missing (with them, it follows from the others). Relations of other
// rows (no dimension collapsed) are all kept.
func (g *grid) needed(rels []relation) []relation {
	var out []relation
	for _, r := range rels {
		keep := bits.OnesCount16(r.collapsed) <= 1
		for d := range 16 {
			if r.collapsed&(1<<d) != 0 && !g.present[g.masks[r.margin]&^(1<<d)] {
				keep = true
			}
		}
		if keep {
			out = append(out, r)
		}
	}
	return out
}
