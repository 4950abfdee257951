// Package lp solves linear programs: it minimises or maximises c·x subject
// to linear equalities and inequalities and a box l ≤ x ≤ u for each
// variable, where a bound may be infinite. It imports only the standard
// library.
//
// # Why
//
// Disclosure control hides small counts in tables with margins, and then
// hides more cells so that the hidden ones cannot be worked out from the
// released ones. How well a hidden cell is protected is defined, as in
// tau-ARGUS and sdcTable, by the attacker problem: the attacker knows the
// released values, the table's additive relations (each margin is the sum
// of its cells) and bounds (a hidden small count lies in [0, 9], another
// hidden cell is at least 10), and computes the least and greatest value
// the cell can take. The cell is safe when that interval is at least as
// wide as a protection level. That is two linear programs per hidden cell,
// all over the same region, so New prepares the region once and Optimize
// re-optimises each objective from where the last one left off.
//
// # Algorithm
//
// Bounded-variable primal simplex on a dense tableau B⁻¹A. Each inequality
// row gets a slack (Σ a·x + s = RHS, s ≥ 0 for LE, s ≤ 0 for GE); a
// nonbasic variable sits at one of its bounds, or at 0 if it is free, and a
// step may end with the entering variable flipping to its other bound
// without a pivot.
//
// Phase 1 starts with every variable at a finite bound, puts a row's slack
// in the basis when it can absorb the row's residual, gives each other row
// an artificial variable, and minimises the artificials' sum. A positive
// minimum is ErrInfeasible. Artificials left in the basis at zero are
// pivoted out, and a row where none can be is a combination of other rows
// and is dropped, so rank-deficient equalities (a grand total in several
// relations) are fine. Artificials have no tableau column: they never
// return once out.
//
// Pricing is Dantzig's rule (the largest reduced cost). The attacker
// problem is highly degenerate, like a transportation problem, and
// Dantzig's rule can cycle there, so after 50 degenerate pivots in a row
// pricing uses Bland's rule (the smallest index enters; among tied rows the
// smallest index leaves), which cannot cycle, until the objective moves.
// Otherwise ties in the ratio test go to the largest pivot, for stability.
//
// The tableau is dense because the regions disclosure control builds have
// at most a few thousand rows and columns (8×8×8×8 with every margin and a
// fifth of the cells hidden takes 20 to 30 MB), and a dense tableau gives the
// ratio column and reduced costs straight from memory with no factorisation
// to maintain. Pivots visit only the nonzeros of the pivot row in the rows
// with a nonzero in the pivot column, so the sparse tableaux of tables stay
// cheap, and an objective on one variable prices from one row.
//
// # Tolerances
//
// Counts go up to 2^53 and sums to 1e12, where a float64's last place is
// already 1e-4, so tolerances on values are relative. A constraint holds
// when Σ a·x misses RHS by at most 1e-9 × (1 + |RHS| + Σ|a·x|); phase 1
// declares infeasibility by the same test. A reduced cost is attractive
// beyond 1e-9 × max(1, max|c|). The ratio test ignores entries no larger
// than 1e-9 × the column's largest or 1e-11, which are rounding noise.
// Returned points are clamped into their bounds exactly, then checked
// against every original row, dropped ones included; if rounding has
// carried them off, the tableau is rebuilt from the original rows for the
// current basis and the check repeated, and only then does Optimize give up
// with ErrNumeric. Rows are not scaled: the coefficients of tables are ±1.
//
// For a two-dimensional table the relations are totally unimodular, so
// every tableau entry stays 0 or ±1 and integer counts below 2^53 are
// computed exactly. Tables of three or more dimensions can produce
// fractional entries, and their answers are exact to rounding.
//
// # Limits
//
// The tableau, rows × (variables + inequality rows) float64s, is allocated
// once by New, which refuses with ErrTooLarge before allocating when it
// would exceed Limits.MaxEntries (default 25,000,000, 200 MB). Each New or
// Optimize call makes at most Limits.MaxPivots pivots (ErrPivots) and
// checks its context every 128 pivots, or sooner when pivots are expensive.
// A Solver is not safe for concurrent use.
package lp
