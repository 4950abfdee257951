package disclosure

import "fmt"

// Rule names why a value was withheld, or why a whole result was refused.
// Rules travel in results, manifests and audit records, so the list is
// append-only: never rename or reuse one.
type Rule string

const (
	// RulePrimary hides a cell counting fewer people than the threshold
	// (zero excepted), and a measure describing fewer people than that.
	RulePrimary Rule = "primary"
	// RuleSecondary hides a value that would otherwise let a reader work out
	// a hidden one from released totals.
	RuleSecondary Rule = "secondary"
	// RuleTotalsSuppressed hides a margin because the totals rule is
	// TotalsSuppress.
	RuleTotalsSuppressed Rule = "totals_suppressed"
	// RuleMeasureThreshold hides a measure of a released cell whose value
	// comes from fewer people than the threshold (people with no value for
	// the measure do not count), and a percentile with fewer than threshold
	// of them on either side of it.
	RuleMeasureThreshold Rule = "measure_threshold"
	// RuleLeakNHSNumber refuses a result with an output value that is an NHS
	// number (any that passes the Modulus 11 check, the 999 range included).
	RuleLeakNHSNumber Rule = "leak.nhs_number"
	// RuleLeakPseudonym refuses a result with an output value that holds a
	// pseudonym: 64 or more hex digits in a row.
	RuleLeakPseudonym Rule = "leak.pseudonym"
	// RuleDominance hides a measure of a released cell whose largest
	// contributions make up too much of it: the (n, k) dominance rule.
	RuleDominance Rule = "dominance"
	// RulePPercent hides a measure of a released cell from which the second
	// largest contributor could estimate the largest's value to within p%.
	RulePPercent Rule = "p_percent"
	// RuleDifferencing hides a cell the caller withholds (Options.Withhold):
	// the service's differencing ledger, for a cell whose people differ from
	// those of a cell released before by fewer than the threshold.
	RuleDifferencing Rule = "differencing"
	// RuleIncomplete hides, under TotalsFromRounded, a margin with a hidden
	// cell beneath it, which the sum of the released cells would misstate.
	RuleIncomplete Rule = "incomplete_total"
	// RuleOther hides an other row, whatever the reason (below the
	// threshold, too close to an earlier cell, or to protect another), so
	// that the rule says nothing of its size; and the measures of a released
	// one: it gathers hidden cells whose own measures were hidden with them.
	RuleOther Rule = "other"
)

// Totals says how the margins of a table are released.
type Totals string

const (
	// TotalsFromRounded releases each margin as the sum of the released,
	// rounded cells beneath it, as OpenSAFELY asks: a margin then says
	// nothing about a hidden cell. It needs an additive table; on any other
	// table margins are released as under TotalsIndependent.
	TotalsFromRounded Totals = "from_rounded"
	// TotalsIndependent releases each margin as its own count, rounded and
	// suppressed like any cell, and hides more cells (RuleSecondary) so that
	// no hidden cell can be derived from the released margins.
	TotalsIndependent Totals = "independent"
	// TotalsSuppress releases no margin (RuleTotalsSuppressed).
	TotalsSuppress Totals = "suppress"
	// TotalsNone appears only in a Result: the table had no margins.
	TotalsNone Totals = "none"
)

// Mode says how a released count is made from a true one.
type Mode string

const (
	// ModeBase rounds to the nearest multiple of Rules.Rounding. It is the
	// default: a Rules without a mode means it.
	ModeBase Mode = "base"
	// ModeMidpoint6 releases 1 to 6 as 3, 7 to 12 as 9, and every other
	// count as the midpoint of its band of six (6k+1 to 6k+6 as 6k+3).
	ModeMidpoint6 Mode = "midpoint6"
	// ModeCellKey adds to each count a small adjustment looked up in the
	// published perturbation table by the count and the cell's key, so that
	// the same people always get the same released count (see Perturbation).
	ModeCellKey Mode = "cell_key"
)

// MaxSetting bounds the threshold and the rounding base, so that no rounded
// count or sum of rounded counts can overflow.
const MaxSetting = 1_000_000

// Rules are the disclosure settings for one result. The caller passes the
// strictest that apply (dataset, project, policy): the highest threshold, the
// largest rounding base, and for the magnitude rules the largest n, the
// smallest k and the largest p. Modes do not compare; the dataset's applies.
type Rules struct {
	// Threshold is the smallest count of people released: a cell with
	// 1 to Threshold-1 people is hidden. 1 releases every count.
	Threshold int `json:"threshold"`
	// Rounding is the base released counts are rounded to; 1 means none.
	Rounding int `json:"rounding"`
	// Totals says how margins are released.
	Totals Totals `json:"totals"`
	// Mode says how released counts are made; empty means ModeBase. Any
	// other mode replaces rounding to a base, so Rounding must then be 1.
	Mode Mode `json:"mode,omitempty"`
	// Magnitude holds the rules for measures (dominance, p%); both are off
	// unless set.
	Magnitude
}

// DefaultRules are NHS England's SDE settings: counts below 10 hidden, the
// rest rounded to the nearest 5, margins summed from the rounded cells.
func DefaultRules() Rules {
	return Rules{Threshold: 10, Rounding: 5, Totals: TotalsFromRounded}
}

// Validate reports rules that Apply cannot use, wrapping ErrRules.
func (r Rules) Validate() error {
	if r.Threshold < 1 || r.Threshold > MaxSetting {
		return fmt.Errorf("%w: threshold must be between 1 and %d", ErrRules, MaxSetting)
	}
	if r.Rounding < 1 || r.Rounding > MaxSetting {
		return fmt.Errorf("%w: rounding must be between 1 and %d", ErrRules, MaxSetting)
	}
	switch r.Totals {
	case TotalsFromRounded, TotalsIndependent, TotalsSuppress:
	default:
		return fmt.Errorf("%w: totals must be %s, %s or %s", ErrRules, TotalsFromRounded, TotalsIndependent, TotalsSuppress)
	}
	switch r.Mode {
	case "", ModeBase:
	case ModeMidpoint6, ModeCellKey:
		if r.Rounding != 1 {
			return fmt.Errorf("%w: mode %s replaces rounding to a base, so rounding must be 1", ErrRules, r.Mode)
		}
	default:
		return fmt.Errorf("%w: mode must be %s, %s or %s", ErrRules, ModeBase, ModeMidpoint6, ModeCellKey)
	}
	return r.Magnitude.validate()
}

// mode is r.Mode with the default filled in.
func (r Rules) mode() Mode {
	if r.Mode == "" {
		return ModeBase
	}
	return r.Mode
}

// clone returns r sharing no memory with it.
func (r Rules) clone() Rules {
	if r.Dominance != nil {
		r.Dominance = new(*r.Dominance)
	}
	if r.PPercent != nil {
		r.PPercent = new(*r.PPercent)
	}
	return r
}
