package disclosure

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
)

// WithMargins returns t with every margin added after its cells: for each
// non-empty subset of the dimensions, the totals over those dimensions (for
// two dimensions: row totals, column totals and the grand total), in the
// order of their first cell.
//
// Adding up is only right for an additive table, so t must be additive and
// hold no margins yet. Counts and sums add; a mean is the mean of the
// cells' means weighted by their numbers of values. Percentiles cannot be
// combined, so a table with one is refused: the query engine must count
// margins itself, as it must for a table that is not additive.
//
// Each person being in one cell, a margin's largest contributions are the
// largest of its cells' (as many as are known: all, up to MaxTop, when every
// cell carries all of its own, else as many as the cell that carries fewest
// beyond its first), its AbsSum is theirs added up, and its cell key is the
// sum of theirs modulo 256, given when every cell with people has one.
func WithMargins(t Table) (Table, error) {
	if !t.Additive {
		return Table{}, fmt.Errorf("%w: the margins of a table that is not additive cannot be added up", ErrTable)
	}
	for j, m := range t.Measures {
		if m.Kind == KindPercentile {
			return Table{}, fmt.Errorf("%w: measure %d is a percentile, which cannot be added up", ErrTable, j)
		}
	}
	keys := make([][]Key, len(t.Cells))
	for i, c := range t.Cells {
		keys[i] = c.Keys
	}
	g, err := newGrid(len(t.Dimensions), keys)
	if err != nil {
		return Table{}, err
	}
	if err := validate(t, g); err != nil {
		return Table{}, err
	}
	if g.hasMargins() {
		return Table{}, fmt.Errorf("%w: the table already has margins", ErrTable)
	}
	var masks []uint16
	for m := uint16(1); m < 1<<len(t.Dimensions); m++ {
		masks = append(masks, m)
	}
	slices.SortStableFunc(masks, func(a, b uint16) int { return cmp.Compare(bits.OnesCount16(a), bits.OnesCount16(b)) })

	keyed := !slices.ContainsFunc(t.Cells, func(c Cell) bool { return c.People > 0 && c.CellKey == nil })
	tops := make([]int, len(t.Measures))
	for j := range tops {
		tops[j] = MaxTop
	}
	for _, c := range t.Cells {
		for j, a := range c.Measures {
			if int64(len(a.Top)) < a.People {
				tops[j] = min(tops[j], len(a.Top))
			}
		}
	}
	out := t
	out.Cells = slices.Clone(t.Cells)
	index := map[string]int{}
	for _, mask := range masks {
		for _, c := range t.Cells {
			ks := slices.Clone(c.Keys)
			for d := range ks {
				if mask&(1<<d) != 0 {
					ks[d] = Key{Total: true}
				}
			}
			id := keyOf(ks)
			i, ok := index[id]
			if !ok {
				i = len(out.Cells)
				index[id] = i
				out.Cells = append(out.Cells, Cell{Keys: ks, Measures: make([]Aggregate, len(t.Measures))})
			}
			add(&out.Cells[i], c, t.Measures)
			if keyed {
				out.Cells[i].CellKey = new(out.Cells[i].key() + c.key())
			}
		}
	}
	for i := len(t.Cells); i < len(out.Cells); i++ {
		for j, m := range t.Measures {
			a := &out.Cells[i].Measures[j]
			if m.Kind == KindMean && a.Values > 0 {
				a.Value /= float64(a.Values)
			}
			slices.SortFunc(a.Top, func(x, y float64) int { return cmp.Compare(y, x) })
			a.Top = a.Top[:min(len(a.Top), tops[j])]
		}
	}
	return out, nil
}

// add adds cell c to margin m; a mean is added as its total (mean times
// values) and divided out at the end.
func add(m *Cell, c Cell, measures []Measure) {
	m.People += c.People
	m.Events += c.Events
	for j, kind := range measures {
		v := c.Measures[j].Value
		if kind.Kind == KindMean {
			v *= float64(c.Measures[j].Values)
		}
		m.Measures[j].Value += v
		m.Measures[j].People += c.Measures[j].People
		m.Measures[j].Values += c.Measures[j].Values
		m.Measures[j].Top = append(m.Measures[j].Top, c.Measures[j].Top...)
		m.Measures[j].AbsSum += c.Measures[j].AbsSum
	}
}
