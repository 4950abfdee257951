package disclosure

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/research-enclave/enclave/enclave/disclosure/lp"
)

// ProtectionLevel is how wide, in people, the interval a reader can put
// around a count hidden for its own sake must stay, whatever else is
// released beside it: half the width of what the rules alone tell (a cell
// hidden by the threshold holds 0 to threshold-1), rounded up: 5 at
// threshold 10, 4 at OpenSAFELY's threshold of 8. The same width applies to
// the cell's events.
func (r Rules) ProtectionLevel() float64 {
	return math.Ceil(float64(r.Threshold-1) / 2)
}

// counts is what the count audit knows of a table: per cell (other rows
// after the grid's cells) the true people and events, what a reader knows
// of them (bounds), which cells are hidden for their own sake and how wide
// their intervals must stay, and the relations: the grid's, each margin
// against the cells one dimension below it (the others follow from those),
// and the other rows'.
type counts struct {
	rels  []relation
	prune func([]relation) []relation // leaves out relations that follow from others when all hold exactly
	// quantities are what the reader may bound: people first, then events
	// and a mean's number of values when released.
	quantities []quantity
	need       []float64 // per cell: the width its intervals must keep; 0 when not hidden for its own sake
	lim        lp.Limits
	sure       []bool // per cell: already shown protected; hiding more keeps it so
}

// quantity is one count a table releases per cell: its true values, what a
// reader knows of each cell's, and how it compares with another quantity in
// every cell (events are at least people; a mean's values at most events).
type quantity struct {
	truth           []float64
	bounds          func(i int, hidden bool) [2]float64
	atLeast, atMost int // index of the quantity it is at least, at most; -1 for none
}

// failing returns the cells hidden for their own sake whose people, events
// or mean's number of values a reader could bound to an interval narrower
// than their need.
//
// It solves the reader's problem, as tau-ARGUS and sdcTable define it: the
// least and greatest value each such cell can take, given every released
// count as the reader sees it (the true counts the rounding or perturbation
// could have released it from, at least the threshold), what the rule that
// hid each hidden cell says (a primary cell holds 0 to threshold-1 people,
// any other hidden cell at least the threshold), and the relations. A
// relation holds as an equation when the table's counts satisfy it exactly
// (each person in one category), else only as what distinct counts always
// satisfy: a margin is at least each of its cells and at most their sum. A
// cell's events are at least its people. Rounding is part of what the
// reader knows and of what protects a cell: rounded counts are rounded the
// same way in every answer, so no other answer pins them down (docs/
// disclosure.md says what a chain of overlapping answers can do).
func (c *counts) failing(ctx context.Context, hidden []bool) ([]int, error) {
	var sensitive []int
	for i, h := range hidden {
		if h && c.need[i] > 0 && !c.sure[i] {
			sensitive = append(sensitive, i)
		}
	}
	if len(sensitive) == 0 {
		return nil, nil
	}
	// Released counts at their true values first: a point of that region is
	// one of the reader's too, so a cell it shows wide enough is, and the
	// region is small (hidden cells only). A cell that needs the rounding of
	// the counts around it is then solved with those counts free within what
	// their release says (ring): still a part of the reader's region, so
	// still never wider than what the reader can say. Only the cells left
	// after that are solved over the reader's whole region, every count
	// free, in a table small enough (wholeCells).
	exact, err := c.solve(ctx, hidden, hidden, sensitive)
	if err != nil {
		return nil, err
	}
	var rounded []int
	for _, i := range sensitive {
		if exact[i] < c.need[i]-1e-6 {
			rounded = append(rounded, i)
		} else {
			c.sure[i] = true
		}
	}
	var out, left []int
	for _, i := range rounded {
		wide, err := c.solve(ctx, c.ring(i, hidden), hidden, []int{i})
		if err != nil {
			return nil, err
		}
		if wide[i] < c.need[i]-1e-6 {
			left = append(left, i)
		} else {
			c.sure[i] = true
		}
	}
	if len(left) > 0 && len(hidden) <= wholeCells {
		all := make([]bool, len(hidden))
		for i := range all {
			all[i] = true
		}
		wide, err := c.solve(ctx, all, hidden, left)
		if err != nil {
			return nil, err
		}
		for _, i := range left {
			if wide[i] < c.need[i]-1e-6 {
				out = append(out, i)
			} else {
				c.sure[i] = true
			}
		}
	} else {
		out = append(out, left...)
	}
	slices.Sort(out)
	return out, nil
}

// wholeCells is the most cells whose reader's problem is solved whole, every
// count free: the simplex over all of them costs too much beyond, so larger
// tables make do with each cell's ring, which can only hide more.
const wholeCells = 200

// ring marks the hidden cells and every cell that shares a relation with
// cell i.
func (c *counts) ring(i int, hidden []bool) []bool {
	marked := slices.Clone(hidden)
	for _, r := range c.needed(c.quantities[0].truth) {
		if r.margin != i && !slices.Contains(r.members, i) {
			continue
		}
		marked[r.margin] = true
		for _, m := range r.members {
			marked[m] = true
		}
	}
	return marked
}

// solve builds the reader's problem over the cells marked (the others
// taken at their true values) and returns, per cell of cells, the width of
// the narrower of its people's and its events' intervals, or at least its
// need.
func (c *counts) solve(ctx context.Context, marked, hidden []bool, cells []int) (map[int]float64, error) {
	m := newModel(marked)
	off := make([]int, len(c.quantities))
	for k, q := range c.quantities {
		off[k] = m.quantity(c.needed(q.truth), q.truth, 0.5)
	}
	for at, i := range m.cells {
		b := make([][2]float64, len(c.quantities))
		for k, q := range c.quantities {
			b[k] = q.bounds(i, hidden[i])
			m.bound(off[k]+at, b[k][0], b[k][1])
		}
		for k, q := range c.quantities {
			// Unless the bounds already keep them apart.
			if q.atLeast >= 0 && b[q.atLeast][1] > b[k][0] {
				m.row(lp.GE, 0, map[int]float64{off[k] + at: 1, off[q.atLeast] + at: -1})
			}
			if q.atMost >= 0 && b[q.atMost][0] < b[k][1] {
				m.row(lp.LE, 0, map[int]float64{off[k] + at: 1, off[q.atMost] + at: -1})
			}
		}
	}
	var targets []target
	for _, i := range cells {
		for k := range c.quantities {
			targets = append(targets, target{cell: i, v: off[k] + m.vars[i], need: c.need[i], whole: true})
		}
	}
	return m.widths(ctx, targets, c.lim)
}

// needed returns the relations the reader's problem for a quantity with
// true values v needs: when every relation holds exactly, those that do not
// follow from others; else all of them, since a relation over several
// dimensions can hold exactly where the ones it would follow from do not.
func (c *counts) needed(v []float64) []relation {
	if len(exact(c.rels, v, 0.5)) == len(c.rels) {
		return c.prune(c.rels)
	}
	return c.rels
}

// sums is what the audit of one sum measure knows: per cell its true value,
// which cells hold a value hidden for its own sake, and the relations. A
// reader knows nothing of the range of a hidden sum, so its interval is
// either a single value (it is determined by released ones) or unbounded.
type sums struct {
	rels  []relation
	value []float64
	own   []bool
	lim   lp.Limits
}

func (s *sums) failing(ctx context.Context, hidden []bool) ([]int, error) {
	var targets []target
	m := newModel(hidden)
	var scale float64
	for _, v := range s.value {
		scale = max(scale, math.Abs(v))
	}
	m.quantity(s.rels, s.value, 1e-9*max(1, scale))
	for at, i := range m.cells {
		m.bound(at, math.Inf(-1), math.Inf(1))
		if s.own[i] {
			targets = append(targets, target{cell: i, v: at, need: 1e-6 * max(1, scale)})
		}
	}
	if len(targets) == 0 {
		return nil, nil
	}
	widths, err := m.widths(ctx, targets, s.lim)
	if err != nil {
		return nil, err
	}
	var out []int
	for _, t := range targets {
		if widths[t.cell] < t.need-1e-9 {
			out = append(out, t.cell)
		}
	}
	return out, nil
}

// errAudit wraps a failure of the reader's problem, which fails closed.
var errAudit = errors.New("disclosure: the protection of hidden cells could not be checked")

func auditError(err error) error {
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, lp.ErrTooLarge) || errors.Is(err, lp.ErrPivots):
		return fmt.Errorf("%w: the reader's problem outgrew its limits", ErrTooLarge)
	}
	return fmt.Errorf("%w: %w", errAudit, err)
}
