package disclosure

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/research-enclave/enclave/enclave/disclosure/lp"
)

// Interval is what a reader can say, from a result alone, of the count of
// people in one of its hidden cells: that it lies from Low to High.
type Interval struct {
	Cell int     `json:"cell"`
	Low  float64 `json:"low"`
	High float64 `json:"high"` // +Inf when nothing bounds it above
}

// Intervals solves the reader's problem of res, as tau-ARGUS and sdcTable
// define it, for every cell hidden for its own sake (RulePrimary,
// RuleDifferencing): the least and greatest count the cell can hold, given
// every released count as the rules say it was made (the true counts that
// rounding, midpoint-6 or perturbation under any cell key release as it,
// never below the threshold), what the rule that hid each hidden cell says
// (a cell hidden by the threshold holds 0 to threshold-1 people, any other
// at least the threshold), and, with independent totals, every margin as
// the sum of the cells one dimension below it.
//
// It is how anyone holding a result checks that Apply kept each such
// interval at least r.ProtectionLevel wide, and uses nothing of Apply but
// the grid of relations. It takes every table as additive, the reader's
// strongest assumption: on one that is not (distinct people across an
// event-level dimension), the released counts may admit no solution, and
// Intervals returns ErrTable.
func Intervals(ctx context.Context, res Result, r Rules) ([]Interval, error) {
	keys := make([][]Key, len(res.Cells))
	for i, c := range res.Cells {
		keys[i] = c.Keys
	}
	g, err := newGrid(len(res.Dimensions), keys)
	if err != nil {
		return nil, err
	}
	n := len(res.Cells)
	p := lp.Problem{Lower: make([]float64, n), Upper: make([]float64, n)}
	thr := float64(r.Threshold)
	for i, c := range res.Cells {
		switch {
		case c.Suppressed == RulePrimary:
			p.Lower[i], p.Upper[i] = 0, thr-1
		case c.Suppressed == RuleTotalsSuppressed, c.Suppressed == RuleIncomplete:
			p.Lower[i], p.Upper[i] = 0, math.Inf(1)
		case c.Suppressed != "":
			p.Lower[i], p.Upper[i] = thr, math.Inf(1)
		case c.People == nil:
			return nil, fmt.Errorf("%w: cell %d is neither released nor hidden", ErrTable, i)
		default:
			lo, hi := r.preimage(*c.People)
			if lo < 0 {
				return nil, fmt.Errorf("%w: cell %d releases a count the rules cannot make", ErrTable, i)
			}
			p.Lower[i], p.Upper[i] = float64(lo), float64(hi)
		}
	}
	if res.Totals == TotalsIndependent {
		for _, rel := range g.needed(g.rels) {
			con := lp.Constraint{Vars: []int{rel.margin}, Coefs: []float64{1}, Sense: lp.EQ}
			for _, m := range rel.members {
				con.Vars = append(con.Vars, m)
				con.Coefs = append(con.Coefs, -1)
			}
			p.Constraints = append(p.Constraints, con)
		}
	}
	s, err := lp.New(ctx, p, lp.Limits{})
	if errors.Is(err, lp.ErrInfeasible) {
		return nil, fmt.Errorf("%w: no counts add up to the released ones (a table that is not additive?)", ErrTable)
	}
	if err != nil {
		return nil, err
	}
	var out []Interval
	for i, c := range res.Cells {
		if c.Suppressed != RulePrimary && c.Suppressed != RuleDifferencing {
			continue
		}
		obj := make([]float64, n)
		obj[i] = 1
		lo, _, err := s.Optimize(ctx, obj, false)
		if err != nil {
			return nil, err
		}
		hi, _, err := s.Optimize(ctx, obj, true)
		if errors.Is(err, lp.ErrUnbounded) {
			hi = math.Inf(1)
		} else if err != nil {
			return nil, err
		}
		out = append(out, Interval{Cell: i, Low: lo, High: hi})
	}
	return out, nil
}
