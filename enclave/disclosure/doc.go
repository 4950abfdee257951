// Package disclosure is statistical disclosure control for query results:
// the last step before any number or label reaches a researcher
// (invariant 3). Apply takes a result table from the query engine and the
// rules that apply to it and returns what may be released, saying for every
// hidden cell which rule hid it, with the counts the result manifest
// reports. It is pure (no I/O, no clock; the caller's Options.Withhold is
// its one way out, called at a fixed point) and deterministic, and it imports
// only the standard library, pseudonym and its own lp. docs/disclosure.md is
// the reference for researchers and data governance officers, with the
// threat model; this comment records the design for maintainers.
//
// # Input
//
// A Table has dimension names, each dimension's Domain (declared categories,
// or open: labels that come from the data), and cells. A cell has one Key per
// dimension (a category, or a total: a margin, written null in JSON as GROUP
// BY CUBE writes NULL), the number of distinct people in it, optionally the
// number of events (rows) and the keys of its people (Members), and one
// Aggregate per measure (a sum, a mean or a percentile) with the number of
// people who contributed a value to it, what the magnitude rules need of
// their contributions (Top, AbsSum), a mean's number of values, a
// percentile's people on each side (Sides), and the contributions' keys for
// the caller's ledger. The measures' values already carry the query engine's
// noise infusion (NoiseMin, NoiseMax). Table.Additive says whether each
// margin's counts are the sums of its cells' (WithMargins adds every margin
// to a flat additive table).
//
// # Steps
//
//  1. Labels (domain.go): declared categories missing from the table are
//     added as cells of no one, so that a hidden cell and an empty one look
//     alike.
//  2. Primary suppression: a cell counting 0 to threshold-1 people is hidden
//     (RulePrimary); at threshold 1 nothing is, and 0 is released as 0.
//     Measures are hidden on their own contributors (RuleMeasureThreshold:
//     fewer than threshold, or a percentile without threshold people among
//     the values on each side) and the magnitude rules (RuleDominance,
//     RulePPercent).
//  3. Options.Withhold: the caller's own reasons (the differencing ledger)
//     withhold cells that passed (RuleDifferencing).
//  4. Totals: under TotalsIndependent, secondary suppression (protect.go,
//     audit.go) hides more cells (RuleSecondary) until every count hidden for
//     its own sake keeps an interval at least Rules.ProtectionLevel wide in
//     the reader's problem, and no hidden sum follows from the released ones.
//     Under TotalsFromRounded a margin is the sum of the released cells
//     beneath it, hidden (RuleIncomplete) when one of them is; under
//     TotalsSuppress no margin is released.
//  5. Other rows (gather.go): the hidden cells with an open category are
//     gathered, without it, into the other row of their declared categories,
//     itself hidden below the threshold, asked about by Options.Withhold, and
//     hidden if releasing it narrows a protected cell.
//  6. A last check by exact elimination over the rationals (underivable.go):
//     no hidden sum, and no hidden count where counts are released exactly,
//     is determined by the released values.
//  7. The result (release.go): counts rounded by Rules.Mode, sums to
//     SumFigures, means as the released sum over the released count of their
//     values, means and percentiles to MeasureFigures; then the leak check
//     (leak.go) refuses the whole result if any output looks like an
//     identifier.
//
// # The reader's problem
//
// Safety is defined as tau-ARGUS and sdcTable define it: for each hidden
// count, the least and greatest value a reader can give it from the
// released counts (each standing for every true count the mode could have
// released as it: preimage), the rules (a primary cell holds 0 to
// threshold-1, any other hidden cell at least the threshold) and the
// relations (a margin is the sum of the cells one dimension below it where
// the table's counts add up, else at least each and at most their sum;
// events are at least people). Those are linear programs (package lp).
// Audits solve them from the inside (model.go): first with the released
// counts at their true values, a small problem over the hidden cells; then,
// for the cells that need it, with the counts around each (its ring) free
// within their release; then, in a table of at most wholeCells, with every
// count free. Each is part of the reader's region, so an interval found wide
// enough is; the search only ever errs towards hiding more. Intervals are
// certified by feasible points: the true table, and every optimum found.
// Intervals solves the reader's problem from a released result alone, for
// anyone checking one.
//
// # Cost
//
// Options.MaxCells (DefaultMaxCells) bounds a table with margins, refused up
// front with ErrTooLarge. The protection loop and the simplex check the
// context, between rounds and every few pivots, so a request's deadline
// ends the work soon after it passes; the simplex also has its own pivot
// and size limits (lp.Limits), which end it with ErrTooLarge.
package disclosure
