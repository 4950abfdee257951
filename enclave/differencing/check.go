package differencing

import "slices"

// Cell is one cell about to be released: its keys (for reports) and its
// people.
type Cell struct {
	Key     string
	Members *Set
}

// The states of a cell in a ledger: released with its answer (or by
// officers since), held with an answer awaiting output review, or held
// with one the officers rejected. Held and rejected cells were never given
// out.
const (
	Released = "released"
	Held     = "held"
	Rejected = "rejected"
)

// Prior is a cell a ledger recorded before.
type Prior struct {
	Members *Set
	// Hold is the held result the cell was recorded with, "" when it was
	// released with its answer.
	Hold string
	// State is Released, Held or Rejected: the state of Hold now.
	State string
}

// Given says whether p's people were given out.
func (p Prior) Given() bool { return p.State == Released }

// Outcome is what the check decided for an answer's cells (positions in the cells passed).
type Outcome struct {
	Withheld []int // too close to an earlier cell: differ by 1..threshold-1 people
	// Closest holds, for each of Withheld, how many people the earlier cell
	// it is too close to holds: a reader given that cell knows the withheld
	// one is within threshold-1 people of it.
	Closest []int
	Near    []int // released, but within 2×threshold of an earlier cell
	// Repeats are the cells whose people are exactly those of earlier cells
	// that were held or rejected, and of none given out: releasing them
	// would give out what officers are deciding on, or refused. RepeatOf
	// names those earlier cells' held results, each once.
	Repeats  []int
	RepeatOf []string
}

// Earlier returns, for each of sets, the project's earlier cells whose
// people may differ from it by fewer than within. It may return more (they
// are compared exactly) but never fewer: a store narrows them by count of
// people and by sketch (Within), both lower bounds on the difference.
type Earlier func(sets []*Set, within int) ([][]Prior, error)

// Check decides, for each cell in order, from the smallest difference
// between its people and those of an earlier cell of the project, given
// out or not, or of a cell let through before it in the same answer: from
// 1 to threshold-1 people, the cell is withheld; from threshold to
// 2×threshold-1, it is released as a near miss. A cell with the same people
// as one given out before, or let through before it in the answer, releases
// nothing new: it is neither. One with the same people as earlier cells
// never given out (held or rejected) is a repeat: it passes, but its answer
// must not be released without the officers (the caller holds it).
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
	var passed []*Set
	for i, s := range sets {
		switch d, size := smallest(s, near, before[i], passed); {
		case d == 0:
			if holds := repeats(s, before[i], passed); holds != nil {
				out.Repeats = append(out.Repeats, i)
				for _, h := range holds {
					if !slices.Contains(out.RepeatOf, h) {
						out.RepeatOf = append(out.RepeatOf, h)
					}
				}
			}
		case d < threshold:
			out.Withheld = append(out.Withheld, i)
			out.Closest = append(out.Closest, size)
			continue
		case d < near:
			out.Near = append(out.Near, i)
		}
		passed = append(passed, s)
	}
	return out, nil
}

// repeats returns the held results of the priors with exactly s's people
// when none of them was given out and no cell passed before in the answer
// has them; nil otherwise.
func repeats(s *Set, priors []Prior, passed []*Set) []string {
	if slices.ContainsFunc(passed, s.same) {
		return nil
	}
	var holds []string
	for _, p := range priors {
		if !s.same(p.Members) {
			continue
		}
		if p.Given() {
			return nil
		}
		holds = append(holds, p.Hold)
	}
	return holds
}

// same says whether o has exactly s's people.
func (s *Set) same(o *Set) bool { return slices.Equal(s.keys, o.keys) }

// Fresh returns the cells Check let through that the ledger must record:
// those whose people no earlier cell in before (the priors Earlier returned
// for each cell, which include any with the same people) gave out, and no
// cell let through before them in the answer has. A set of people given
// out once need not be recorded again, however often it is asked for; one
// only held or rejected before is recorded again with its new answer, so
// that the ledger learns when that answer is released.
func Fresh(cells []Cell, out Outcome, before [][]Prior) []Cell {
	var fresh []Cell
	for i, c := range cells {
		given := func(p Prior) bool { return p.Given() && c.Members.same(p.Members) }
		if slices.Contains(out.Withheld, i) || slices.ContainsFunc(before[i], given) ||
			slices.ContainsFunc(fresh, func(f Cell) bool { return c.Members.same(f.Members) }) {
			continue
		}
		fresh = append(fresh, c)
	}
	return fresh
}

// smallest is the smallest difference between s and the people of the
// priors and of passed, or limit if none is below it, and the size of the
// set it is from.
func smallest(s *Set, limit int, priors []Prior, passed []*Set) (best, size int) {
	best = limit
	consider := func(o *Set) {
		if abs(s.Len()-o.Len()) < best && Within(&s.sketch, &o.sketch, best) {
			if d := Difference(s, o); d < best {
				best, size = d, o.Len()
			}
		}
	}
	for _, p := range priors {
		consider(p.Members)
	}
	for _, o := range passed {
		consider(o)
	}
	return best, size
}

func abs(n int) int { return max(n, -n) }
