package disclosure

// Table is a result from the query engine, before disclosure control.
//
// Cells are the groups of a GROUP BY, optionally with margins (the rows a
// GROUP BY CUBE, ROLLUP or GROUPING SETS adds): a margin is a cell with a
// total in one or more dimensions. A combination of categories that is not
// in Cells counts no one (SQL emits no row for an empty group) and is treated
// as a released zero wherever a margin's cells are added up.
type Table struct {
	// Dimensions names the grouping columns, in the order of every cell's Keys.
	Dimensions []string `json:"dimensions"`
	// Domains, when set, says for each dimension how its categories are
	// known: declared (enumerated, so that hidden and empty cells look
	// alike) or open (data-driven labels, never shown on a hidden cell).
	// Without them every dimension is declared, with the categories present.
	Domains []Domain `json:"domains,omitempty"`
	// Measures names the aggregates of a numeric column that each cell carries,
	// in the order of every cell's Measures.
	Measures []Measure `json:"measures,omitempty"`
	// Events says whether cells carry a count of events (rows) as well as of people.
	Events bool `json:"events,omitempty"`
	// Additive says that every margin's counts are the sums of its cells':
	// true when each person (and each event) falls in exactly one category of
	// every dimension, such as sex in a table of patients; false for a count
	// of distinct people by an event-level dimension, such as diagnosis, where
	// one person can be in several categories.
	Additive bool   `json:"additive"`
	Cells    []Cell `json:"cells"`
}

// MeasureKind is the aggregate a measure holds.
type MeasureKind string

// The measure kinds. Only sums add up across a margin's cells.
const (
	KindSum        MeasureKind = "sum"
	KindMean       MeasureKind = "mean"
	KindPercentile MeasureKind = "percentile" // a median or another quantile
)

// Measure names one aggregate column of a table.
type Measure struct {
	Name string      `json:"name"`
	Kind MeasureKind `json:"kind"`
	// Column is the data column the measure is of, when the engine says:
	// a sum and a mean of one column give each other away (the sum over
	// the released count), so a sum hidden beside a released count hides
	// its mean too.
	Column string `json:"column,omitempty"`
	// P is a percentile's fraction, above 0 and below 1 (0.5 for the
	// median); 0 for other kinds.
	P float64 `json:"p,omitempty"`
}

// tailed reports whether a percentile has threshold people on each side of
// it, counted among the values it ranks. With fewer, it lies among the few
// largest or smallest values, close to (or exactly) one person's value: the
// 0.999 percentile of ten values is nearly the largest of them, and so is
// the 0.9 percentile of a thousand values of which the top hundred are one
// person's readings.
func (m Measure) tailed(a Aggregate, threshold int64) bool {
	if m.Kind != KindPercentile {
		return true
	}
	return a.Sides != nil && a.Sides.Below >= threshold && a.Sides.Above >= threshold
}

// Cell is one group of a table.
type Cell struct {
	// Keys holds the cell's category in each dimension, as it will be output,
	// or a total.
	Keys []Key `json:"keys"`
	// People is the number of distinct people in the cell.
	People int64 `json:"people"`
	// Events is the number of events (rows) in the cell, when Table.Events is
	// set: at least People, and zero only when People is.
	Events int64 `json:"events,omitempty"`
	// Measures holds one aggregate per Table.Measures.
	Measures []Aggregate `json:"measures,omitempty"`
	// CellKey is the cell's key for ModeCellKey, which needs it for every
	// cell with people: the sum, modulo 256, of the record keys of the
	// distinct people the cell counts, margins included (a margin's key is
	// over all its people, each once). A record key is an integer from 0 to
	// 255, uniform, that the query engine derives from a person's keyed
	// pseudonym; neither is ever released. Other modes ignore it.
	CellKey *uint8 `json:"cell_key,omitempty"`
	// Members are the keys of the cell's people (a person's as often as
	// they have rows in it), when the query engine supplies them: for the
	// caller's own checks (Options.Withhold) and to count the distinct people
	// of an other row. They are never released.
	Members []uint64 `json:"members,omitempty"`
}

// key returns the cell's key, 0 when it has none.
func (c Cell) key() uint8 {
	if c.CellKey == nil {
		return 0
	}
	return *c.CellKey
}

// Aggregate is the value of one measure in one cell, and how many people
// contributed a value to it (people with no value, such as a missing
// measurement, do not count).
//
// The magnitude rules also need each contributor's contribution: the total
// of their values of the measure's column in the cell, whatever the measure's
// kind. Top holds the largest of them as absolute values, largest first:
// Rules.TopNeeded of them, or every contribution when fewer people
// contributed. AbsSum is the sum of every contribution's absolute value (for
// values of one sign, the sum itself). Both are needed for every aggregate
// with contributors when a magnitude rule is on, and are never released.
type Aggregate struct {
	Value  float64 `json:"value"`
	People int64   `json:"people"`
	// Values is how many values (rows) the measure is over: a mean's
	// denominator, needed for every mean with contributors, since a mean is
	// released as the released sum over the released count of its values.
	Values int64 `json:"values,omitempty"`
	// Sides, needed for every percentile with contributors, counts the
	// people with a value below it and above it.
	Sides  *Sides    `json:"sides,omitempty"`
	Top    []float64 `json:"top,omitempty"`
	AbsSum float64   `json:"abs_sum,omitempty"`
	// Members are the keys of the contributions, when the query engine
	// supplies them: each contributor's, changed by what they contribute,
	// for the caller's own checks (Options.Withhold). They are never
	// released.
	Members []uint64 `json:"members,omitempty"`
}

// Sides counts the distinct people among the values below a percentile, and
// among those above it.
type Sides struct {
	Below int64 `json:"below"`
	Above int64 `json:"above"`
}

// MaxCount is the largest count a table may hold: 2^53, the largest integer
// every JSON reader holds exactly.
const MaxCount = 1 << 53

// MaxDimensions is the most dimensions a table may have. A margin takes part
// in one relation per subset of its total dimensions, so the work grows as
// 2^n.
const MaxDimensions = 8
