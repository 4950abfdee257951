package disclosure

import "fmt"

// withhold asks the caller about the cells about to be released.
func (a *application) withhold(ask func([]Candidate) ([]Withheld, error)) error {
	var cands []Candidate
	var at []int
	for i, c := range a.t.Cells {
		if a.cell[i] == "" && c.People > 0 {
			cand := Candidate{Keys: c.Keys, Members: c.Members, Measures: make([][]uint64, len(a.t.Measures))}
			for j := range a.t.Measures {
				if a.value[i][j] == "" {
					cand.Measures[j] = c.Measures[j].Members
				}
			}
			cands = append(cands, cand)
			at = append(at, i)
		}
	}
	out, err := a.ask(ask, cands)
	for _, w := range out {
		a.cell[at[w.Candidate]] = RuleDifferencing
		a.closest[at[w.Candidate]] = w.Closest
	}
	return err
}

// ask asks the caller about cands and checks its answer.
func (a *application) ask(ask func([]Candidate) ([]Withheld, error), cands []Candidate) ([]Withheld, error) {
	if ask == nil || len(cands) == 0 {
		return nil, nil
	}
	out, err := ask(cands)
	if err != nil {
		return nil, err
	}
	for _, w := range out {
		if w.Candidate < 0 || w.Candidate >= len(cands) {
			return nil, fmt.Errorf("%w: withheld candidate %d of %d", ErrTable, w.Candidate, len(cands))
		}
	}
	return out, nil
}
