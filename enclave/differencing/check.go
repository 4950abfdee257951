package differencing

import "slices"

// Cell is one cell about to be released: its keys (for reports) and its
// people.
type Cell struct {
	Key     string
	Members *Set
}

// Outcome is what the check decided for an answer's cells (positions in the cells passed).
type Outcome struct {
	Withheld []int // too close to an earlier cell: differ by 1..threshold-1 people
	// Closest holds, for each of Withheld, how many people the earlier cell
	// it is too close to holds: a reader given that cell knows the withheld
	// one is within threshold-1 people of it.
	Closest []int
	Near    []int // released, but within 2×threshold of an earlier cell
}

// Earlier returns, for each of sets, the sets of the project's earlier
// released cells that may differ from it by fewer than within people. It
// may return more (they are compared exactly) but never fewer: a store
// narrows them by count of people and by sketch (Within), both lower bounds
// on the difference.
type Earlier func(sets []*Set, within int) ([][]*Set, error)

// Check decides, for each cell in order, from the smallest difference
// between its people and those of an earlier released cell of the project
// or of a cell released before it in the same answer: from 1 to
// threshold-1 people, the cell is withheld; from threshold to
// 2×threshold-1, it is released as a near miss. A cell with the same
// people as one released before releases nothing new: it is neither.
func Check(cells []Cell, threshold int, earlier Earlier) (Outcome, error) {
	near := 2 * threshold
	sets := make([]*Set, len(cells))
	for i, c := range cells {
		sets[i] = c.Members
	}
	before, err := earlier(sets, near)
	if err != nil {
		return Outcome{}, err
	}
	var out Outcome
	var released []*Set
	for i, s := range sets {
		switch d, size := smallest(s, near, before[i], released); {
		case d == 0:
		case d < threshold:
			out.Withheld = append(out.Withheld, i)
			out.Closest = append(out.Closest, size)
			continue
		case d < near:
			out.Near = append(out.Near, i)
		}
		released = append(released, s)
	}
	return out, nil
}

// Fresh returns the cells Check let through whose people are new to the
// ledger: not those of an earlier cell in before (the sets Earlier
// returned for each cell, which include any with the same people) nor of a
// cell let through before them in the answer. A set of people recorded once
// need not be recorded again, however often it is asked for.
func Fresh(cells []Cell, out Outcome, before [][]*Set) []Cell {
	var fresh []Cell
	for i, c := range cells {
		same := func(o *Set) bool { return slices.Equal(o.keys, c.Members.keys) }
		if slices.Contains(out.Withheld, i) || slices.ContainsFunc(before[i], same) ||
			slices.ContainsFunc(fresh, func(f Cell) bool { return same(f.Members) }) {
			continue
		}
		fresh = append(fresh, c)
	}
	return fresh
}

// smallest is the smallest difference between s and a set of others, or
// limit if none is below it, and the size of the other set it is from.
func smallest(s *Set, limit int, others ...[]*Set) (best, size int) {
	best = limit
	for _, group := range others {
		for _, o := range group {
			if abs(s.Len()-o.Len()) < best && Within(&s.sketch, &o.sketch, best) {
				if d := Difference(s, o); d < best {
					best, size = d, o.Len()
				}
			}
		}
	}
	return best, size
}

func abs(n int) int { return max(n, -n) }
