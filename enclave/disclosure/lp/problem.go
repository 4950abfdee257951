package lp

import (
	"errors"
	"fmt"
	"math"
)

// Sense says how a constraint's left side compares with its right side.
type Sense int8

// The senses of a constraint row.
const (
	EQ Sense = iota // Σ coef·x = RHS
	GE              // Σ coef·x ≥ RHS
	LE              // Σ coef·x ≤ RHS
)

// Constraint is one row, Σ Coefs[k]·x[Vars[k]] Sense RHS. Rows are sparse
// because an additive relation of a table touches only its own cells.
type Constraint struct {
	Vars  []int     // variable indexes, no repeats
	Coefs []float64 // one per variable
	Sense Sense
	RHS   float64
}

// Problem is a feasible region: a box for each variable and linear
// constraints. The objective comes later, one per Optimize call.
type Problem struct {
	// Lower and Upper bound each variable; Lower may be math.Inf(-1) and
	// Upper math.Inf(1), and Lower <= Upper.
	Lower, Upper []float64
	Constraints  []Constraint
	// Start, when set, is a point to start from, one value per variable,
	// each within its bounds: a caller who knows a point of the region (the
	// true table behind a released one) saves phase 1 the search for one.
	// Variables start there rather than at a bound; a point that breaks a
	// constraint is only a worse start.
	Start []float64
}

// validate checks p, naming the first bad variable or row.
func (p Problem) validate() error {
	if len(p.Lower) != len(p.Upper) {
		return fmt.Errorf("%w: %d lower bounds but %d upper bounds", ErrInvalid, len(p.Lower), len(p.Upper))
	}
	for j, lo := range p.Lower {
		hi := p.Upper[j]
		switch {
		case math.IsNaN(lo) || math.IsNaN(hi):
			return fmt.Errorf("%w: variable %d: bound is NaN", ErrInvalid, j)
		case math.IsInf(lo, 1) || math.IsInf(hi, -1):
			return fmt.Errorf("%w: variable %d: lower bound +Inf or upper bound -Inf", ErrInvalid, j)
		case lo > hi:
			return fmt.Errorf("%w: variable %d: lower bound above upper bound", ErrInvalid, j)
		}
	}
	if p.Start != nil && len(p.Start) != len(p.Lower) {
		return fmt.Errorf("%w: %d start values for %d variables", ErrInvalid, len(p.Start), len(p.Lower))
	}
	for j, v := range p.Start {
		if math.IsNaN(v) || v < p.Lower[j] || v > p.Upper[j] {
			return fmt.Errorf("%w: variable %d: start value outside its bounds", ErrInvalid, j)
		}
	}
	// seen[j] is one more than the last row that used variable j, so that
	// repeats are found without clearing it between rows.
	seen := make([]int, len(p.Lower))
	for i, c := range p.Constraints {
		if err := c.validate(seen, i+1); err != nil {
			return fmt.Errorf("%w: constraint %d: %w", ErrInvalid, i, err)
		}
	}
	return nil
}

// validate checks one row, marking its variables in seen with mark.
func (c Constraint) validate(seen []int, mark int) error {
	switch {
	case len(c.Vars) != len(c.Coefs):
		return fmt.Errorf("%d variables but %d coefficients", len(c.Vars), len(c.Coefs))
	case c.Sense != EQ && c.Sense != GE && c.Sense != LE:
		return fmt.Errorf("unknown sense %d", c.Sense)
	case math.IsNaN(c.RHS) || math.IsInf(c.RHS, 0):
		return errors.New("right-hand side is not finite")
	}
	for k, j := range c.Vars {
		if j < 0 || j >= len(seen) {
			return fmt.Errorf("term %d: variable index out of range", k)
		}
		if seen[j] == mark {
			return fmt.Errorf("term %d: variable %d repeated", k, j)
		}
		seen[j] = mark
		if a := c.Coefs[k]; math.IsNaN(a) || math.IsInf(a, 0) {
			return fmt.Errorf("term %d: coefficient is not finite", k)
		}
	}
	return nil
}

// clone copies p deeply, so that a caller reusing its slices cannot change
// the rows a Solver checks its answers against.
func (p Problem) clone() Problem {
	q := Problem{
		Lower:       append([]float64(nil), p.Lower...),
		Upper:       append([]float64(nil), p.Upper...),
		Start:       append([]float64(nil), p.Start...),
		Constraints: make([]Constraint, len(p.Constraints)),
	}
	for i, c := range p.Constraints {
		c.Vars = append([]int(nil), c.Vars...)
		c.Coefs = append([]float64(nil), c.Coefs...)
		q.Constraints[i] = c
	}
	return q
}
