package disclosure

import (
	"context"
	"fmt"
	"math"

	"github.com/research-enclave/enclave/enclave/disclosure/lp"
)

// Options are what Apply takes besides the table and the rules.
type Options struct {
	// MaxCells bounds the cells of a table with margins, counted after the
	// declared categories are filled in: protecting one takes time and
	// memory that grow with it, so a larger one is refused up front
	// (ErrTooLarge). Zero means DefaultMaxCells.
	MaxCells int
	// Withhold, when set, is asked which of the cells about to be released
	// (those that passed primary suppression, and then the other rows) must
	// be withheld for a reason of the caller's own: the service's
	// differencing ledger. Those cells are withheld (RuleDifferencing) and
	// protected from derivation as cells hidden by the threshold are.
	Withhold func(cands []Candidate) ([]Withheld, error)
}

// Candidate is a cell about to be released, as Options.Withhold sees it.
type Candidate struct {
	Keys    []Key
	Members []uint64 // the table's Cell.Members; for an other row, its cells' together
	// Measures holds, for each measure value about to be released with the
	// cell, its Aggregate.Members (nil for a measure not released).
	Measures [][]uint64
}

// Withheld is a cell Options.Withhold withholds: its position among the
// candidates, and, when it is withheld for being too close to an earlier
// cell of known size (its people within threshold-1 of that cell's),
// Closest, that size, else -1. A reader who was given the earlier cell
// knows the withheld one's count to within threshold-1 of it, and the
// protection interval is kept within that.
type Withheld struct {
	Candidate int
	Closest   int64
}

// DefaultMaxCells is the most cells a table with margins may have by
// default: tables of that size are protected within a few seconds and
// 50 MB on a small server, in two dimensions within a tenth of a second,
// in four within about four (docs/benchmarks.md).
const DefaultMaxCells = 1500

// Apply applies disclosure control to t under r and returns what may be
// released, or an error: ErrRules, ErrTable, ErrTooLarge, a *LeakError,
// ErrDerivable, the error of opt.Withhold, or ctx's when it ends first. It
// is pure and deterministic: the same table, rules and withholdings give the
// same result, ties broken by the order of the cells.
func Apply(ctx context.Context, t Table, r Rules, opt Options) (*Result, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := validateCells(t); err != nil {
		return nil, err
	}
	t, err := enumerate(t)
	if err != nil {
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
	maxCells := opt.MaxCells
	if maxCells <= 0 {
		maxCells = DefaultMaxCells
	}
	if g.hasMargins() && len(t.Cells) > maxCells {
		return nil, fmt.Errorf("%w: a table with margins can have at most %d cells: group by fewer columns or categories, or ask without totals", ErrTooLarge, maxCells)
	}
	if err := validate(t, g); err != nil {
		return nil, err
	}
	if err := supplies(t, r); err != nil {
		return nil, err
	}
	a := &application{t: t, r: r, g: g, totals: r.Totals, closest: map[int]int64{}}
	switch {
	case !g.hasMargins():
		a.totals = TotalsNone
	case r.Totals == TotalsFromRounded && (!t.Additive || t.hasOpen()):
		// Margins summed from released cells need every cell beneath them
		// known: not so where cells are gathered into other rows.
		a.totals = TotalsIndependent
	}
	a.primary()
	if opt.Withhold != nil {
		if err := a.withhold(opt.Withhold); err != nil {
			return nil, err
		}
	}
	switch a.totals {
	case TotalsIndependent:
		if err := a.secondary(ctx); err != nil {
			return nil, err
		}
	case TotalsFromRounded:
		a.incomplete()
	}
	if t.hasOpen() {
		if err := a.gather(ctx, opt.Withhold); err != nil {
			return nil, err
		}
	}
	if err := a.underivable(); err != nil {
		return nil, err
	}
	res := a.result()
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
	others []other  // the other rows, when a dimension is open
	// closest is, per cell withheld by Options.Withhold, the size of the
	// earlier cell it is too close to, or -1.
	closest map[int]int64
}

func (a *application) margin(i int) bool { return a.g.masks[i] != 0 }

// primary hides cells below the threshold (and, above a threshold of 1,
// cells of no one: a released 0 beside hidden cells would tell them apart
// from empty ones), and measure values on their own counts and
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
		case c.People < thr && !summed && (c.People > 0 || thr > 1):
			a.cell[i] = RulePrimary
			continue
		case c.People == 0:
			continue
		}
		for j, m := range a.t.Measures {
			switch {
			case summed && m.Kind == KindSum:
				// added up from the released cells beneath: nothing of its own
			case c.People < thr:
				a.value[i][j] = RulePrimary
			case c.Measures[j].People < thr, !m.tailed(c.Measures[j], thr):
				a.value[i][j] = RuleMeasureThreshold
			default:
				a.value[i][j], _ = a.r.check(c.Measures[j])
			}
		}
	}
}

// incomplete hides, under TotalsFromRounded, each margin with a hidden cell
// beneath it: the sum of the released cells would understate it, and a
// margin is never released as a number that misstates it. A sum measure
// summed over a hidden value is hidden the same way.
func (a *application) incomplete() {
	for m := range a.t.Cells {
		if !a.margin(m) || a.cell[m] != "" {
			continue
		}
		rel := a.g.beneath(m)
		if rel == nil {
			continue
		}
		for _, c := range rel.members {
			if a.cell[c] != "" {
				a.cell[m] = RuleIncomplete
				break
			}
		}
		if a.cell[m] != "" {
			continue
		}
		for j, meas := range a.t.Measures {
			if meas.Kind != KindSum {
				continue
			}
			for _, c := range rel.members {
				if a.t.Cells[c].People > 0 && a.value[c][j] != "" {
					a.value[m][j] = RuleIncomplete
					break
				}
			}
		}
	}
}

// secondary protects the hidden counts, then the hidden values of each sum,
// against subtraction from the released margins.
func (a *application) secondary(ctx context.Context) error {
	n := len(a.t.Cells)
	hidden := make([]bool, n)
	size := make([]int64, n)
	for i, c := range a.t.Cells {
		size[i] = c.People
		hidden[i] = a.cell[i] != ""
	}
	cnt := a.counts(n, a.g.rels)
	p := newProtector(a.g, hidden, size)
	p.roomy = make([]bool, n)
	for i, s := range size {
		p.roomy[i] = float64(s) >= float64(a.r.Threshold)+a.r.ProtectionLevel()
	}
	added, err := protect(ctx, p, cnt.failing)
	if err != nil {
		return err
	}
	for _, c := range added {
		a.cell[c] = RuleSecondary
	}
	for j, m := range a.t.Measures {
		if m.Kind == KindSum {
			if err := a.secondarySum(ctx, j, size); err != nil {
				return err
			}
		}
	}
	a.meansWithSums()
	return nil
}

// meansWithSums hides, in each released cell, the mean of a column whose
// sum secondary suppression hid: the mean times the released count of its
// values would give the sum back.
func (a *application) meansWithSums() {
	for j, mean := range a.t.Measures {
		for k, sum := range a.t.Measures {
			if mean.Kind != KindMean || sum.Kind != KindSum || mean.Column == "" || mean.Column != sum.Column {
				continue
			}
			for i := range a.t.Cells {
				if a.value[i][k] == RuleSecondary && a.value[i][j] == "" {
					a.value[i][j] = RuleSecondary
				}
			}
		}
	}
}

// secondarySum protects the hidden values of sum measure j.
func (a *application) secondarySum(ctx context.Context, j int, size []int64) error {
	n := len(a.t.Cells)
	hidden := make([]bool, n)
	s := &sums{rels: a.g.rels, value: make([]float64, n), own: make([]bool, n), lim: lp.Limits{}}
	weight, need := make([]float64, n), make([]float64, n)
	for i, c := range a.t.Cells {
		v := a.value[i][j]
		hidden[i] = a.cell[i] != "" || v != ""
		s.own[i] = a.cell[i] == RulePrimary || a.cell[i] == RuleDifferencing || ownSake(v)
		s.value[i] = c.Measures[j].Value
		weight[i] = math.Abs(c.Measures[j].Value)
		if v == RuleDominance || v == RulePPercent {
			_, need[i] = a.r.check(c.Measures[j])
		}
	}
	p := newProtector(a.g, hidden, size)
	p.weight, p.need = weight, need
	added, err := protect(ctx, p, s.failing)
	if err != nil {
		return err
	}
	for _, c := range added {
		a.value[c][j] = RuleSecondary
	}
	return nil
}

// ownSake reports whether a measure value hidden by rule is hidden for its
// own sake, so that it must not be derivable from released values.
func ownSake(rule Rule) bool {
	switch rule {
	case RulePrimary, RuleMeasureThreshold, RuleDominance, RulePPercent, RuleDifferencing:
		return true
	}
	return false
}
