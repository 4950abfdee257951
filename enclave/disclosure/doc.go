// Package disclosure is statistical disclosure control for query results:
// the last step before any number reaches a researcher (invariant 3). Apply
// takes a result table from the query engine and the rules that apply to it
// and returns what may be released, saying for every hidden cell which rule
// hid it, with the counts the result manifest reports. It is pure (no I/O, no
// clock) and deterministic, and it imports only the standard library and
// pseudonym. docs/disclosure.md is the reference for researchers and data
// governance officers; this comment records the same rules for maintainers.
//
// # Input
//
// A Table has dimension names and cells. A cell has one Key per dimension (a
// category, or a total: a margin, written null in JSON as GROUP BY CUBE
// writes NULL), the number of distinct people in it, optionally the number of
// events (rows), and one Aggregate per measure (a sum, a mean or a
// percentile) with the number of people who contributed a value to it. The
// table is flat, or holds any of its margins; WithMargins adds every margin
// to a flat additive table. A combination of categories missing from the
// table counts no one.
//
// Table.Additive says whether each margin's counts are the sums of its
// cells'. That holds when every person falls in exactly one category of each
// dimension (sex in a table of patients) and fails for distinct people by an
// event-level dimension (diagnosis), where one person is in several cells.
// An additive table whose margins do not add up is refused (ErrTable).
//
// # Rules
//
// Rules hold the threshold (default 10, as NHS England's SDE: counts of 1 to
// 9 hidden; the caller passes the strictest of dataset, project and policy),
// the rounding base (default 5) and the totals rule. Invalid rules are refused
// (ErrRules). In order:
//
//  1. Primary suppression: a cell counting 1 to threshold-1 people is hidden,
//     counts and measures (RulePrimary).
//  2. Zeros: a cell counting no one is released as 0, with no measures, and
//     counted in Result.Zeros. A zero identifies no one; hiding it would not
//     hide that a group is empty, since SQL leaves empty groups out anyway.
//  3. Rounding: released counts of people and events are rounded to the
//     nearest multiple of the base, halves up, but never below the threshold
//     rounded up to the base: so a count that passes is never released as 0
//     (threshold below the base) nor below the threshold (a threshold that is
//     not a multiple of the base). Every released count is a multiple of the
//     base.
//  4. Measures: a measure of a released cell is released only if at least
//     threshold people contributed to it (else RuleMeasureThreshold). Means
//     and percentiles are rounded to MeasureFigures significant figures, so
//     that their precision does not give away their exact denominator; sums
//     are released as computed.
//  5. Totals: margins are released under the totals rule (see below).
//  6. Secondary suppression (TotalsIndependent): no hidden value may be
//     derivable from released ones through the table's additive relations
//     (see below). Cells hidden to ensure that get RuleSecondary; for a sum,
//     only its value is hidden, with RuleSecondary, and the cell's counts
//     stay.
//  7. The leak check (see below) refuses the whole result.
//
// # Totals
//
// When the table has margins, Rules.Totals says how they are released:
//
//   - TotalsFromRounded (the default, as OpenSAFELY does): each margin is the
//     sum of the released, rounded cells beneath it, hidden cells counting
//     nothing (the margin is then marked Partial), and a sum measure
//     likewise. Such a margin is a function of released values, so it gives
//     nothing away and needs no secondary suppression. Means and percentiles
//     of a margin are its own, over everyone in it, under rules 1 and 4. It
//     cannot apply to a table that is not additive, whose margins are then
//     released as under TotalsIndependent; Result.Totals says which applied.
//   - TotalsIndependent: each margin is its own count, under rules 1 to 4,
//     and secondary suppression follows.
//   - TotalsSuppress: no margin is released (RuleTotalsSuppressed).
//
// # Secondary suppression and its check
//
// A table with margins has additive relations: for each margin and each
// non-empty subset of its total dimensions whose grouping set the table
// holds, the margin equals the sum of the cells with those dimensions by
// category. In a 2-D table these are the rows, the columns, and the grand
// total over row totals, column totals and cells. They are taken as exact
// even for a table that is not additive, where a margin of distinct people
// is at most the sum: that over-protects, never under-protects.
//
// A heuristic adds complementary suppressions: while some relation has
// exactly one hidden cell (which subtraction would reveal), it hides another
// of its cells, preferring one that closes another such relation, then cells
// before margins, then the smallest count, then the first in the table. One
// small cell in a 2-D table gets the classic rectangle of four; in 3-D, a
// cube of eight.
//
// The heuristic alone is not enough: every relation can hold two hidden cells
// while a combination of relations still pins one down (two hidden
// rectangles joined by a single hidden cell). So an exact check decides.
// With hidden values unknown and released ones known, the relations are a
// linear system A·x = b over the unknowns, and an unknown is determined
// exactly when its unit vector lies in the row space of A. That depends only
// on which cells are hidden, not on their values, so one answer serves
// people, events and sums, true or rounded. It is decided by Gaussian
// elimination over math/big.Rat. While it finds a determined value hidden by
// RulePrimary or RuleMeasureThreshold, another cell beside it is hidden and
// the heuristic runs again; hiding more never makes a value easier to derive,
// so this ends, at worst with everything hidden. Finally Derivable runs the
// check once more over the Result alone, rebuilding the relations from its
// keys as a reader would, and Apply refuses to release anything it finds
// (ErrDerivable).
//
// # Leak check
//
// A misconfigured query must never output an identifier, even one in a cell
// that passes. Apply refuses the whole result with a *LeakError when any
// output text (dimension and measure names, every cell's keys, hidden cells'
// included) holds an NHS number (ten digits, or the 3-3-4 layout, passing
// the Modulus 11 check, the never-issued 999 range included; see
// pseudonym.ParseNHSNumber) or a pseudonym (64 or more hex digits in a row:
// the "p1." and "dev1." forms, either case, or a bare HMAC), or when the
// whole-number part of any released number is an NHS number. The error names
// the rule (RuleLeakNHSNumber, RuleLeakPseudonym) and the place ("cell 3 key
// 1"), never the value; no error from this package contains a value.
//
// # Not covered
//
// Apply sees one result. It does not protect against differencing across
// queries (two results that differ by a few people), which needs the
// project's released cells remembered; nor against dominance in sums (one
// person's value making most of a sum); nor against bounds: it guarantees
// that no hidden value is determined exactly, not that it lies in a wide
// interval, and a reader knowing that counts are non-negative, and which
// rule hid each cell, can sometimes narrow a hidden count. Means and
// percentiles are checked against the threshold only. These are later work.
package disclosure
