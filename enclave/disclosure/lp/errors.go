package lp

import "errors"

// The errors New and Optimize return, wrapped with detail; branch on them
// with errors.Is. Messages name rows and variables by index, never by value,
// because the values can be the counts that disclosure control hides.
var (
	// ErrInvalid: the problem, the limits or the objective is malformed
	// (mismatched lengths, NaN, an index out of range, a lower bound above
	// its upper bound): a bug in the caller.
	ErrInvalid = errors.New("lp: invalid problem")
	// ErrInfeasible: no point satisfies the bounds and the constraints.
	ErrInfeasible = errors.New("lp: infeasible")
	// ErrUnbounded: the objective improves without limit over the feasible
	// region. The Solver stays usable.
	ErrUnbounded = errors.New("lp: unbounded")
	// ErrTooLarge: the tableau would exceed Limits.MaxEntries. New returns
	// it before allocating the tableau.
	ErrTooLarge = errors.New("lp: problem too large")
	// ErrPivots: the call gave up after Limits.MaxPivots pivots. The Solver
	// stays usable: its basis is still feasible.
	ErrPivots = errors.New("lp: too many pivots")
	// ErrNumeric: rounding left a point that misses the constraints by more
	// than the tolerance, even after the tableau was rebuilt from the
	// original rows. Not expected for tables of counts; it means the problem
	// is too ill-conditioned for double precision.
	ErrNumeric = errors.New("lp: numerical trouble")
)
