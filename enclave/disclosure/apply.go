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
	// differencing ledger. It returns positions in cands. Those cells are
	// withheld (RuleDifferencing) and protected from derivation as cells
	// hidden by the threshold are.
	Withhold func(cands []Candidate) ([]int, error)
}

// Candidate is a cell about to be released, as Options.Withhold sees it.
type Candidate struct {
	Keys    []Key
	Members []uint64 // the table's Cell.Members; for an other row, its cells' together
	// Measures holds, for each measure value about to be released with the
	// cell, its Aggregate.Members (nil for a measure not released).
	Measures [][]uint64
}

// DefaultMaxCells is the most cells a table with margins may have by
// default: tables of that size, in two to four dimensions, are protected
// within about two seconds and 200 MB on a small server
// (docs/benchmarks.md).
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
		return nil, fmt.Errorf("%w: %d cells with margins, and at most %d can be protected: group by fewer columns or categories, or ask without totals", ErrTooLarge, len(t.Cells), maxCells)
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
	// otherRels are the relations of the other rows released: each against
	// the cells it gathers.
	otherRels []relation
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

// withhold asks the caller about the cells about to be released.
func (a *application) withhold(ask func([]Candidate) ([]int, error)) error {
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
	if len(cands) == 0 {
		return nil
	}
	out, err := ask(cands)
	if err != nil {
		return err
	}
	for _, k := range out {
		if k < 0 || k >= len(at) {
			return fmt.Errorf("%w: withheld candidate %d of %d", ErrTable, k, len(at))
		}
		a.cell[at[k]] = RuleDifferencing
	}
	return nil
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
	return nil
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

// counts builds the count audit of the first n cells (the grid's, then any
// other rows) under relations rels.
func (a *application) counts(n int, rels []relation) *counts {
	c := &counts{rels: rels, prune: a.g.needed, people: make([]float64, n), need: make([]float64, n), sure: make([]bool, n), lim: lp.Limits{}}
	if a.t.Events {
		c.events = make([]float64, n)
	}
	for i := range n {
		people, events, _, rule := a.countsOf(i)
		c.people[i] = float64(people)
		if c.events != nil {
			c.events[i] = float64(events)
		}
		if rule == RulePrimary || rule == RuleDifferencing {
			c.need[i] = a.r.ProtectionLevel()
		}
	}
	c.bounds = a.bounds
	return c
}

// bounds returns what a reader knows of the people and events of cell i
// (an other row past the grid's cells): from the rule that hid it, or from
// the released count the rounding or perturbation could have come from. A
// margin released as a sum of cells (or not at all) says nothing of its own.
func (a *application) bounds(i int, hidden bool) (people, events [2]float64) {
	thr := float64(a.r.Threshold)
	inf := math.Inf(1)
	p, e, key, rule := a.countsOf(i)
	switch {
	case i < len(a.t.Cells) && a.margin(i) && a.totals != TotalsIndependent:
		return [2]float64{0, inf}, [2]float64{0, inf}
	case hidden && rule == RulePrimary:
		return [2]float64{0, thr - 1}, [2]float64{0, inf}
	case hidden && (rule == RuleTotalsSuppressed || rule == RuleIncomplete):
		return [2]float64{0, inf}, [2]float64{0, inf}
	case hidden:
		return [2]float64{thr, inf}, [2]float64{0, inf}
	}
	rp := a.r.released(p, key)
	lo, hi := a.r.preimage(rp)
	people = [2]float64{float64(lo), float64(hi)}
	if !a.t.Events {
		return people, [2]float64{0, inf}
	}
	if re := max(a.r.released(e, key), rp); re > rp {
		elo, ehi := a.r.preimage(re)
		return people, [2]float64{float64(elo), float64(ehi)}
	}
	return people, [2]float64{float64(lo), float64(hi)}
}

// countsOf returns the true counts of cell i (an other row past the grid's
// cells), its key and why it is hidden.
func (a *application) countsOf(i int) (people, events int64, key uint8, rule Rule) {
	if i < len(a.t.Cells) {
		c := a.t.Cells[i]
		return c.People, c.Events, c.key(), a.cell[i]
	}
	o := a.others[i-len(a.t.Cells)]
	if o.key != nil {
		key = *o.key
	}
	return o.people, o.events, key, o.rule
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
