package disclosure

import (
	"fmt"
	"math"
)

// Magnitude holds the rules for measures that one or two people can
// dominate: a sum, a mean (a sum over a count) and, conservatively, a
// percentile. A nil rule is off. They look at each person's contribution to
// the measure's column in the cell (the total of that person's values there)
// through Aggregate.Top and Aggregate.AbsSum, as absolute values.
type Magnitude struct {
	// Dominance is the (n, k) rule.
	Dominance *Dominance `json:"dominance,omitempty"`
	// PPercent is p of the p% rule, as a fraction (0.1 for 10%): a measure is
	// hidden when the rest of the cell, beyond its two largest contributions,
	// is less than p times the largest. Then the second largest contributor,
	// who knows their own value, could estimate the largest to within p% by
	// subtraction. It is from 0 to 1, 0 excluded.
	PPercent *float64 `json:"p_percent,omitempty"`
}

// Dominance is the (n, k) dominance rule: a measure is hidden when its N
// largest contributions make up more than K of its total (K a fraction, from
// 0 to 1, both excluded).
type Dominance struct {
	N int     `json:"n"`
	K float64 `json:"k"`
}

// MaxTop bounds Dominance.N, and so how many contributions the query engine
// supplies per measure.
const MaxTop = 10

// DefaultMagnitude returns ACRO's magnitude rules: (2, 90%) dominance and the
// 10% rule.
func DefaultMagnitude() Magnitude {
	p := 0.10
	return Magnitude{Dominance: &Dominance{N: 2, K: 0.9}, PPercent: &p}
}

// TopNeeded is how many of a measure's largest contributions the rules look
// at, and so how many the query engine must put in Aggregate.Top (fewer only
// when fewer people contributed): the dominance rule's N, at least 2 for the
// p% rule, and 0 when both rules are off.
func (m Magnitude) TopNeeded() int {
	n := 0
	if m.Dominance != nil {
		n = m.Dominance.N
	}
	if m.PPercent != nil {
		n = max(n, 2)
	}
	return n
}

func (m Magnitude) validate() error {
	if d := m.Dominance; d != nil {
		if d.N < 1 || d.N > MaxTop {
			return fmt.Errorf("%w: dominance n must be between 1 and %d", ErrRules, MaxTop)
		}
		if !(d.K > 0 && d.K < 1) {
			return fmt.Errorf("%w: dominance k must be a fraction above 0 and below 1", ErrRules)
		}
	}
	if p := m.PPercent; p != nil && !(*p > 0 && *p <= 1) {
		return fmt.Errorf("%w: p_percent must be a fraction above 0 and at most 1", ErrRules)
	}
	return nil
}

// check returns the first rule a measure's contributions break, or "", and
// the protection it needs: how much the rest of the cell (everything but its
// largest contributions) falls short of passing every rule it breaks. A
// reader who could bound the hidden value more tightly than that would learn
// what the rule hides, so a complementary suppression should hide at least as
// much (see protect).
//
// A total of zero (every contribution zero) breaks no rule: nobody dominates
// it, and that the whole group has none of the quantity is judged by the
// threshold, as a count would be.
func (m Magnitude) check(a Aggregate) (Rule, float64) {
	top := func(i int) float64 {
		if i < len(a.Top) {
			return a.Top[i]
		}
		return 0
	}
	var rule Rule
	var need float64
	if d := m.Dominance; d != nil {
		var largest float64
		for i := range d.N {
			largest += top(i)
		}
		if largest > d.K*a.AbsSum {
			rule = RuleDominance
			need = largest*(1-d.K)/d.K - (a.AbsSum - largest)
		}
	}
	if p := m.PPercent; p != nil {
		if rest := a.AbsSum - top(0) - top(1); rest < *p*top(0) {
			if rule == "" {
				rule = RulePPercent
			}
			need = max(need, *p*top(0)-rest)
		}
	}
	return rule, need
}

// validTop checks the contributions an aggregate carries, when it carries
// any: at most one per contributor, finite, non-negative, largest first, and
// adding up to no more than AbsSum (up to rounding in the sums).
func validTop(a Aggregate) error {
	if math.IsNaN(a.AbsSum) || math.IsInf(a.AbsSum, 0) || a.AbsSum < 0 {
		return fmt.Errorf("abs_sum must be a finite number of 0 or more")
	}
	if int64(len(a.Top)) > a.People || len(a.Top) > MaxTop {
		return fmt.Errorf("more top contributions than contributors, or than %d", MaxTop)
	}
	var sum float64
	for i, v := range a.Top {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (i > 0 && v > a.Top[i-1]) {
			return fmt.Errorf("top contributions must be finite absolute values, largest first")
		}
		sum += v
	}
	if sum > a.AbsSum*(1+1e-9) {
		return fmt.Errorf("top contributions add up to more than abs_sum")
	}
	return nil
}
