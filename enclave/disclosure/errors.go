package disclosure

import "errors"

// The errors Apply returns, besides *LeakError. Their messages name cells by
// position, never by value.
var (
	// ErrRules: the rules are out of range.
	ErrRules = errors.New("disclosure: invalid rules")
	// ErrTable: the table is malformed or inconsistent (a bug in the query
	// engine, or a margin wrongly declared additive).
	ErrTable = errors.New("disclosure: invalid table")
	// ErrDerivable: a hidden value could still be derived and no further
	// suppression could prevent it; nothing is released. It is not expected
	// to happen: it is the last line of defence.
	ErrDerivable = errors.New("disclosure: a hidden value could be derived from the result")
	// ErrTooLarge: the table has more cells with margins than can be
	// protected within the time and memory allowed (Options.MaxCells, or the
	// reader's problem outgrew its limits); nothing is released.
	ErrTooLarge = errors.New("disclosure: the table is too large to protect")
)

// LeakError refuses a whole result because an output value looks like an
// identifier. It names the rule and where the value is, never the value.
type LeakError struct {
	Rule  Rule   // RuleLeakNHSNumber or RuleLeakPseudonym
	Where string // for example "cell 3 key 1", "cell 0 measure 2", "dimension 0"
}

func (e *LeakError) Error() string {
	return "disclosure: " + string(e.Rule) + " in " + e.Where + ": result refused"
}
