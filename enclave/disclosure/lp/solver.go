package lp

import (
	"context"
	"fmt"
)

// Solver holds a feasible region prepared by phase 1 and the current basis,
// so that Optimize can re-optimise many objectives over the same region from
// where the last one left off. It is not safe for concurrent use: give each
// goroutine its own.
//
// Columns 0..n-1 are the variables, n..ncol-1 the slacks of the inequality
// rows (row k: Σ a·x + s = RHS, s ≥ 0 for LE and s ≤ 0 for GE). Index
// ncol+k is row k's artificial variable: it has a value, bounds and a cost
// but no column, because it never re-enters once it has left the basis.
type Solver struct {
	p     Problem // a copy, to check answers against and to refactor from
	n     int     // variables
	ncol  int     // tableau columns: variables and slacks
	m     int     // tableau rows still in use; dropped rows were redundant
	t     []float64
	basis []int // basis[i]: the variable basic in tableau row i
	rows  []int // rows[i]: the constraint tableau row i started as
	pos   []int // pos[j]: the row where column j is basic, or -1
	slack []int // slack[k]: row k's slack column, or -1 for EQ

	lo, hi, val []float64 // per column, then per artificial
	cost        []float64 // the objective being minimised, likewise
	d           []float64 // reduced cost per column
	nz          []int     // scratch: nonzero columns of the pivot row
	col         []entry   // scratch: nonzero rows of the entering column

	dualTol    float64 // attractive reduced costs exceed it
	degenerate float64 // steps at most this are degenerate
	blandAfter int     // degenerate pivots before Bland's rule
	maxPivots  int
	pivots     int   // in the current call
	work       int   // tableau entries updated since the context was checked
	broken     error // set when refactoring failed: no basis is left
}

// New validates p, builds the tableau (allocated once, for the Solver's
// life) and runs phase 1. It returns ErrInfeasible when no point satisfies
// p, ErrTooLarge (before allocating) when the tableau would exceed
// lim.MaxEntries, ErrInvalid when p is malformed (naming the variable or
// row), ErrPivots, and ctx's error, wrapped, when ctx ends first.
func New(ctx context.Context, p Problem, lim Limits) (*Solver, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lp: %w", err)
	}
	s, err := prepare(p, lim)
	if err != nil {
		return nil, err
	}
	if err := s.phase1(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// prepare validates p and returns a Solver with its tableau loaded and a
// starting basis, ready for phase 1.
func prepare(p Problem, lim Limits) (*Solver, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	maxEntries, err := lim.entries()
	if err != nil {
		return nil, err
	}
	n, m := len(p.Lower), len(p.Constraints)
	ncol := n
	for _, c := range p.Constraints {
		if c.Sense != EQ {
			ncol++
		}
	}
	if ncol > 0 && m > maxEntries/ncol {
		return nil, fmt.Errorf("%w: %d rows × %d columns exceed %d entries", ErrTooLarge, m, ncol, maxEntries)
	}
	s := &Solver{
		p: p.clone(), n: n, ncol: ncol, m: m,
		t:     make([]float64, m*ncol),
		basis: make([]int, m), rows: make([]int, m), pos: make([]int, ncol), slack: make([]int, m),
		lo: make([]float64, ncol+m), hi: make([]float64, ncol+m), val: make([]float64, ncol+m),
		cost: make([]float64, ncol+m), d: make([]float64, ncol), nz: make([]int, 0, ncol), col: make([]entry, 0, m),
		maxPivots: lim.pivots(m, ncol), blandAfter: blandAfter,
	}
	s.load()
	return s, nil
}

// row returns tableau row i.
func (s *Solver) row(i int) []float64 {
	return s.t[i*s.ncol : (i+1)*s.ncol]
}
