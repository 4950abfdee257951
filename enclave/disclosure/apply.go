package disclosure

import (
	"fmt"
	"math"
)

// Apply applies disclosure control to t under r and returns what may be
// released, or an error: ErrRules, ErrTable, a *LeakError, or ErrDerivable.
// It is pure and deterministic: the same table and rules give the same
// result, ties broken by the order of the cells.
func Apply(t Table, r Rules) (*Result, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	keys := make([][]Key, len(t.Cells))
	for i, c := range t.Cells {
		keys[i] = c.Keys
	}
	g, err := newGrid(len(t.Dimensions), keys)
	if err != nil {
		return nil, err
	}
	if err := validate(t, g); err != nil {
		return nil, err
	}
	if err := supplies(t, r); err != nil {
		return nil, err
	}
	a := &application{t: t, r: r, g: g, totals: r.Totals}
	switch {
	case !g.hasMargins():
		a.totals = TotalsNone
	case r.Totals == TotalsFromRounded && !t.Additive:
		a.totals = TotalsIndependent
	}
	a.primary()
	if a.totals == TotalsIndependent {
		if err := a.secondary(); err != nil {
			return nil, err
		}
	}
	res := a.result()
	// The independent check, over the result alone, as a reader sees it.
	det, err := Derivable(*res)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDerivable, err)
	}
	if len(det) > 0 {
		return nil, fmt.Errorf("%w (cell %d)", ErrDerivable, det[0].Cell)
	}
	if err := checkLeaks(res); err != nil {
		return nil, err
	}
	return res, nil
}

// application is the state of one Apply.
type application struct {
	t      Table
	r      Rules
	g      *grid
	totals Totals
	cell   []Rule   // per cell: why it is hidden, or ""
	value  [][]Rule // per cell and measure: why the value is hidden in a released cell, or ""
}

func (a *application) margin(i int) bool { return a.g.masks[i] != 0 }

// primary hides cells, and measure values on their own counts and
// contributions.
func (a *application) primary() {
	thr := int64(a.r.Threshold)
	a.cell = make([]Rule, len(a.t.Cells))
	a.value = make([][]Rule, len(a.t.Cells))
	for i, c := range a.t.Cells {
		a.value[i] = make([]Rule, len(a.t.Measures))
		summed := a.margin(i) && a.totals == TotalsFromRounded
		switch {
		case a.margin(i) && a.totals == TotalsSuppress:
			a.cell[i] = RuleTotalsSuppressed
			continue
		case c.People == 0:
			continue
		case c.People < thr && !summed:
			a.cell[i] = RulePrimary
			continue
		}
		for j, m := range a.t.Measures {
			switch {
			case summed && m.Kind == KindSum:
				// added up from the released cells beneath: nothing of its own
			case c.People < thr:
				a.value[i][j] = RulePrimary
			case c.Measures[j].People < thr, !m.tailed(c.Measures[j].People, thr):
				a.value[i][j] = RuleMeasureThreshold
			default:
				a.value[i][j], _ = a.r.check(c.Measures[j])
			}
		}
	}
}

// secondary protects the hidden counts, then the hidden values of each sum,
// against subtraction from the released margins.
func (a *application) secondary() error {
	n := len(a.t.Cells)
	size := make([]int64, n)
	hidden := make([]bool, n)
	sensitive := make([]bool, n)
	for i, c := range a.t.Cells {
		size[i] = c.People
		hidden[i] = a.cell[i] != ""
		sensitive[i] = a.cell[i] == RulePrimary
	}
	added, err := protect(a.g, hidden, sensitive, size, nil, nil)
	if err != nil {
		return err
	}
	for _, c := range added {
		a.cell[c] = RuleSecondary
	}
	weight := make([]float64, n)
	need := make([]float64, n)
	for j, m := range a.t.Measures {
		if m.Kind != KindSum {
			continue
		}
		for i, c := range a.t.Cells {
			v := a.value[i][j]
			hidden[i] = a.cell[i] != "" || v != ""
			sensitive[i] = a.cell[i] == RulePrimary || ownSake(v)
			weight[i] = math.Abs(c.Measures[j].Value)
			need[i] = 0
			if v == RuleDominance || v == RulePPercent {
				_, need[i] = a.r.check(c.Measures[j])
			}
		}
		added, err := protect(a.g, hidden, sensitive, size, weight, need)
		if err != nil {
			return err
		}
		for _, c := range added {
			a.value[c][j] = RuleSecondary
		}
	}
	return nil
}

// ownSake reports whether a measure value hidden by rule is hidden for its
// own sake, so that it must not be derivable from released values.
func ownSake(rule Rule) bool {
	switch rule {
	case RulePrimary, RuleMeasureThreshold, RuleDominance, RulePPercent:
		return true
	}
	return false
}
