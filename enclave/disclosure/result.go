package disclosure

// Result is a table after disclosure control: everything in it may be
// released. It is also what the result manifest reports: the rules, how
// margins were released, and how many cells and values each rule hid.
type Result struct {
	Dimensions []string  `json:"dimensions"`
	Measures   []Measure `json:"measures,omitempty"`
	// Rules are the rules applied, as given: with the rounding mode (none
	// written means ModeBase) and the magnitude rules (none written means
	// off).
	Rules Rules `json:"rules"`
	// Totals is how margins were released: Rules.Totals, except TotalsNone for
	// a table without margins and TotalsIndependent where TotalsFromRounded
	// was asked for a table that is not additive.
	Totals Totals     `json:"totals"`
	Cells  []Released `json:"cells"`
	// Suppressed counts the cells hidden by each rule (RulePrimary,
	// RuleSecondary, RuleTotalsSuppressed), listing every rule, with 0 when
	// it hid nothing.
	Suppressed map[Rule]int `json:"suppressed"`
	// MeasuresSuppressed counts the measure values hidden in released cells
	// by each rule (RulePrimary, RuleMeasureThreshold, RuleSecondary, and
	// RuleDominance and RulePPercent when those rules are on), listing every
	// rule with 0 when it hid nothing; the measures of a hidden cell are not
	// counted again.
	MeasuresSuppressed map[Rule]int `json:"measures_suppressed"`
	// Zeros counts the cells that hold no one, released as 0 (threshold 1
	// only: above it, an empty cell is hidden like a small one).
	Zeros int `json:"zeros"`

	members [][]uint64   // per cell: the table's Cell.Members, for released cells
	values  [][][]uint64 // per cell and measure: Aggregate.Members, for released values
}

// Members returns the keys of the people behind released cell i, as the
// table supplied them (an other row's: its cells' together), or nil. They
// are never part of the result's JSON.
func (r *Result) Members(i int) []uint64 {
	if i < len(r.members) {
		return r.members[i]
	}
	return nil
}

// ValueMembers returns the keys of the contributions behind the released
// value of measure j in cell i (Aggregate.Members), or nil. They are never
// part of the result's JSON.
func (r *Result) ValueMembers(i, j int) []uint64 {
	if i < len(r.values) && j < len(r.values[i]) {
		return r.values[i][j]
	}
	return nil
}

// Released is one cell of a Result, in the order of the table's cells.
// A hidden cell has Suppressed set and nothing else but its keys.
type Released struct {
	Keys       []Key  `json:"keys"`
	Suppressed Rule   `json:"suppressed,omitempty"`
	People     *int64 `json:"people,omitempty"`
	Events     *int64 `json:"events,omitempty"` // when the table counts events
	// Measures holds one value per Result.Measures; a cell of zero people has
	// none.
	Measures []Value `json:"measures,omitempty"`
}

// Value is one measure of a released cell: its value, or why it is hidden.
type Value struct {
	Value      *float64 `json:"value,omitempty"`
	Suppressed Rule     `json:"suppressed,omitempty"`
}
