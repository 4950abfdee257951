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
// table counts no one. What the magnitude rules and ModeCellKey need besides
// (each measure's largest contributions, each cell's key) is described with
// them below.
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
// the rounding base (default 5), the totals rule, the rounding mode (default
// ModeBase) and the magnitude rules (default off; DefaultMagnitude gives
// ACRO's). Invalid rules are refused (ErrRules). In order:
//
//  1. Primary suppression: a cell counting 1 to threshold-1 people is hidden,
//     counts and measures (RulePrimary).
//  2. Zeros: a cell counting no one is released as 0, with no measures, and
//     counted in Result.Zeros. A zero identifies no one; hiding it would not
//     hide that a group is empty, since SQL leaves empty groups out anyway.
//  3. Rounding, by mode (see below): under ModeBase, released counts of
//     people and events are rounded to the nearest multiple of the base,
//     halves up, but never below the threshold rounded up to the base: so a
//     count that passes is never released as 0 (threshold below the base)
//     nor below the threshold (a threshold that is not a multiple of the
//     base). Every released count is a multiple of the base. Under every
//     mode a released count is 0 exactly when nobody is there, and never
//     below the threshold.
//  4. Measures: a measure of a released cell is released only if at least
//     threshold people contributed to it, and a percentile only with that
//     many on each side of it (else RuleMeasureThreshold), and then only if
//     it passes the magnitude rules that are on (else
//     RuleDominance or RulePPercent). Means and percentiles are rounded to
//     MeasureFigures significant figures, so that their precision does not
//     give away their exact denominator; sums are released as computed.
//  5. Totals: margins are released under the totals rule (see below).
//  6. Secondary suppression (TotalsIndependent): no hidden value may be
//     derivable from released ones through the table's additive relations
//     (see below). Cells hidden to ensure that get RuleSecondary; for a sum,
//     only its value is hidden, with RuleSecondary, and the cell's counts
//     stay. A sum hidden by a magnitude rule also needs its complements to
//     hide enough (see below).
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
// # Magnitude rules
//
// A sum where one or two people contribute most of the total tells each of
// them, or anyone who knows one of them, roughly what the other contributed.
// The rules look at each contributor's contribution: the total of their
// values of the measure's column in the cell. The query engine supplies, per
// aggregate, Top (the largest Rules.TopNeeded contributions as absolute
// values, largest first; all of them when fewer people contributed) and
// AbsSum (the sum of the absolute values of every contribution); both are
// required for every aggregate with contributors when a rule is on (else
// ErrTable) and neither is ever released. People with no value (missing) are
// not contributors and appear in neither.
//
//   - Dominance (n, k): hidden when the n largest contributions make more
//     than k of AbsSum (RuleDominance).
//   - p%: hidden when AbsSum less the two largest is less than p times the
//     largest (RulePPercent): the second largest contributor, knowing their
//     own value, could then estimate the largest to within p%.
//
// Dominance is checked first and names the rule when both fail; under ACRO's
// defaults (2, 90%) and 10%, every cell failing p% also fails dominance.
// Negative values are judged by their absolute values, as common SDC tools
// do (Statistics Norway's GaussSuppression computes contributions from
// absolute values): a signed total can be near zero while two contributions
// of opposite sign dominate it, and the size of a contribution is what a
// reader could learn. A total of zero (every contribution zero) breaks
// neither rule. The rules apply to sums and means (a mean is a sum over a
// count) and, conservatively, to percentiles: a percentile is one person's
// value, or between two, and when one or two people dominate a cell its
// upper percentiles approach theirs. A margin summed under TotalsFromRounded
// is a function of released values and is not checked.
//
// With TotalsIndependent, a sum hidden by a magnitude rule is protected by
// secondary suppression like any other hidden sum, and more: knowing that
// the sum of it and a small complement, a reader would know it to within
// that complement. So each relation holding it must hide, besides it, values
// adding up to at least its protection: what the rest of the cell falls
// short of passing the rule by (for p%, p times the largest contribution
// less the rest; for dominance, the rest a cell with the same largest
// contributions would need, less the rest it has). Complements are chosen to
// give that, the largest first when none suffices alone. This is checked one
// relation at a time; that several relations together cannot bound the value
// more tightly is not.
//
// # Rounding modes
//
//   - ModeBase: as above.
//   - ModeMidpoint6: a count is released as the midpoint of its band of six:
//     1 to 6 as 3, 7 to 12 as 9, 6k+1 to 6k+6 as 6k+3. It is used with
//     threshold 1 (nothing hidden, as the ONS and ABS use it); a larger
//     threshold still hides smaller counts, and a count whose midpoint is
//     below the threshold is released as the smallest midpoint that is not
//     (threshold 10: 10 to 12 as 15), as under ModeBase. Margins under
//     TotalsFromRounded are sums of released midpoints (so not midpoints
//     themselves); under TotalsIndependent they are midpoints of their own.
//   - ModeCellKey: see below.
//
// Both replace the base, so they require Rounding 1, and a manifest never
// names a base that was not applied.
//
// # Cell-key perturbation
//
// Under ModeCellKey each count gets a small adjustment that depends only on
// the count and the cell's key, through the published Perturbation table,
// as in the cell key method of the ABS (TableBuilder) and the ONS (Census
// 2021). The engine gives each person a record key, an integer from 0 to 255
// derived from their keyed pseudonym, and each cell (margins included) the
// sum modulo 256 of the record keys of the distinct people it counts
// (Cell.CellKey, required for every cell with people; WithMargins adds up a
// margin's). The same people always make the same key, so the same cell gets
// the same release every time and in every table: repeating a query, or
// slicing it differently, returns the same noise, which averaging cannot
// remove. A difference of one person changes the key by that person's
// record key, so the two releases differ by independent noise.
//
// The table never releases 1 or 2, keeps zeros as 0 and releases every other
// count as 3 or more, within 2 of the truth, without bias from 4 up (the
// table's comment lists its properties, and TestPerturbationTable checks
// them). Events are perturbed with the cell's key too (equal counts, equal
// releases) and lifted to at least the released people. The threshold still
// applies: smaller counts are hidden and no release is below it.
//
// Margins under TotalsIndependent are perturbed with their own keys, so they
// need not add up; under TotalsFromRounded they are the sums of the
// perturbed cells. With threshold 1 nothing is hidden, and there is nothing
// for secondary suppression to protect: a relation gives a reader only a
// noisy sum of noisy cells. With a higher threshold some cells are hidden
// and the perturbed margins would give them away to within a few people, so
// secondary suppression runs as under ModeBase, treating the perturbed
// values as exact; that only overstates what a reader knows, so the check
// stays consistent. Sums, means and percentiles are not perturbed.
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
// project's released cells remembered (ModeCellKey blurs it, within the
// table's noise); nor against bounds: it guarantees that no hidden count is
// determined exactly, not that it lies in a wide interval, and a reader
// knowing that counts are non-negative, and which rule hid each cell, can
// sometimes narrow a hidden count (for sums hidden by a magnitude rule, see
// above for the one-relation check). Means are not additive: a hidden mean
// can be estimated from its margin's mean and the released counts and means
// beside it, to within their rounding. A percentile at an extreme rank over
// few people is one person's value, checked only against the threshold and
// the magnitude rules. Sums are not perturbed, and the sum of a 0/1 column is
// a count released unrounded. These are later work.
package disclosure
