package disclosure

import (
	"fmt"
	"math"
)

// validateCells checks what enumerate relies on: one key per dimension, no
// more dimensions than MaxDimensions, and no other rows in the input.
func validateCells(t Table) error {
	if len(t.Dimensions) > MaxDimensions {
		return fmt.Errorf("%w: %d dimensions, at most %d", ErrTable, len(t.Dimensions), MaxDimensions)
	}
	for i, c := range t.Cells {
		if len(c.Keys) != len(t.Dimensions) {
			return fmt.Errorf("%w: cell %d has %d keys for %d dimensions", ErrTable, i, len(c.Keys), len(t.Dimensions))
		}
		for d, k := range c.Keys {
			switch {
			case k.Other:
				return fmt.Errorf("%w: cell %d key %d is an other row, which only Apply makes", ErrTable, i, d)
			case k.Total && k.Value != "":
				return fmt.Errorf("%w: cell %d key %d is a total with a value", ErrTable, i, d)
			}
		}
	}
	return nil
}

// validate checks what the grid does not: names, counts and measures, and,
// for an additive table, that every margin is the sum of its cells.
func validate(t Table, g *grid) error {
	for j, m := range t.Measures {
		switch m.Kind {
		case KindSum, KindMean:
		case KindPercentile:
			if !(m.P > 0 && m.P < 1) {
				return fmt.Errorf("%w: measure %d is a percentile with p %v, not above 0 and below 1", ErrTable, j, m.P)
			}
		default:
			return fmt.Errorf("%w: measure %d has kind %q, not sum, mean or percentile", ErrTable, j, m.Kind)
		}
	}
	for i, c := range t.Cells {
		if err := validCell(t, c); err != nil {
			return fmt.Errorf("%w: cell %d: %s", ErrTable, i, err)
		}
	}
	for _, e := range g.empty() {
		if t.Cells[e[0]].People != 0 {
			return fmt.Errorf("%w: cell %d: a margin counts people but no cells beneath it do", ErrTable, e[0])
		}
	}
	if !t.Additive {
		return nil
	}
	for _, r := range g.rels {
		var people, events int64
		for _, c := range r.members {
			people += t.Cells[c].People
			events += t.Cells[c].Events
		}
		m := t.Cells[r.margin]
		if m.People != people || m.Events != events {
			return fmt.Errorf("%w: cell %d: the table is additive but this margin is not the sum of its cells", ErrTable, r.margin)
		}
	}
	return nil
}

func validCell(t Table, c Cell) error {
	if c.People < 0 || c.People > MaxCount || c.Events < 0 || c.Events > MaxCount {
		return fmt.Errorf("counts must be between 0 and %d", int64(MaxCount))
	}
	if !t.Events && c.Events != 0 {
		return fmt.Errorf("events counted but the table has none")
	}
	if t.Events && (c.Events < c.People || (c.Events == 0) != (c.People == 0)) {
		return fmt.Errorf("events must be at least people, and zero only when people is")
	}
	if len(c.Measures) != len(t.Measures) {
		return fmt.Errorf("%d measures for %d", len(c.Measures), len(t.Measures))
	}
	for j, a := range c.Measures {
		if math.IsNaN(a.Value) || math.IsInf(a.Value, 0) {
			return fmt.Errorf("measure %d is not a finite number", j)
		}
		if a.People < 0 || a.People > c.People {
			return fmt.Errorf("measure %d has more contributors than the cell has people", j)
		}
		if err := validTop(a); err != nil {
			return fmt.Errorf("measure %d: %s", j, err)
		}
	}
	return nil
}

// supplies checks that t carries what r needs: the largest contributions of
// every measure with contributors when a magnitude rule is on, and the key
// of every cell with people under ModeCellKey.
func supplies(t Table, r Rules) error {
	need := int64(r.TopNeeded())
	for i, c := range t.Cells {
		if r.mode() == ModeCellKey && c.People > 0 && c.CellKey == nil {
			return fmt.Errorf("%w: cell %d: mode %s needs a cell key", ErrTable, i, ModeCellKey)
		}
		for j, a := range c.Measures {
			if int64(len(a.Top)) < min(need, a.People) {
				return fmt.Errorf("%w: cell %d: measure %d: the magnitude rules need its %d largest contributions", ErrTable, i, j, need)
			}
			switch kind := t.Measures[j].Kind; {
			case a.People == 0:
			case kind == KindMean && a.Values < a.People:
				return fmt.Errorf("%w: cell %d: measure %d: a mean needs the number of its values", ErrTable, i, j)
			case kind == KindPercentile && a.Sides == nil:
				return fmt.Errorf("%w: cell %d: measure %d: a percentile needs the people on each side of it", ErrTable, i, j)
			}
		}
	}
	return nil
}
