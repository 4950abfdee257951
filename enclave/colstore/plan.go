package colstore

import "math/bits"

// Plan is a validated query resolved against tables, with every value's
// meaning already settled by the caller (which filter values pass, which
// label each value has and where each label sorts): what Evaluate needs
// to give the cells the SQL statements would.
type Plan struct {
	// Sources are the query's datasets, joined on the person; the first
	// is the base, whose people are counted.
	Sources []Source
	// InCohort, when set, says for each of the base's people whether they
	// are in the query's cohort (CohortOf).
	InCohort []bool
	// Permitted, when set, says for each of the base's people whether every
	// opt-out list applied permits them (Permitted); nil permits everyone.
	Permitted []bool
	Dims      []Dim
	// Measured is the index in Sources of the dataset whose rows are
	// counted and measured, -1 when the query counts only people.
	Measured int
	Measures []Measure
	Totals   bool
	Needs    Needs
}

// Source is one dataset of a query and the conditions its rows must meet.
type Source struct {
	Table *Table
	Conds []Cond
	// Match gives for each of the base's people their index in Table's
	// people, -1 when they have no rows (Match); nil for the base itself.
	Match []int32
}

// Cond is one filter: a row passes when Pass holds at its code.
type Cond struct {
	Column *Column
	Pass   []bool
}

// Dim is one group-by column: Label gives each code's label (an index in
// Labels, -1 for the missing category) and Rank each label's place in
// PostgreSQL's order of the labels.
type Dim struct {
	Source int
	Column *Column
	Label  []int32
	Labels []string
	Rank   []int32
}

// Kind is the aggregate a measure asks for.
type Kind int

// The measures of a plan. People are always counted.
const (
	Events Kind = iota
	Sum
	Mean
	Percentile
)

// Measure is one measure of the measured dataset's rows. A value measure
// (Sum, Mean, Percentile) reads Column, whose code c has the value
// Value[c]; NoiseByte and Seed are those of the SQL statements for the
// measure's column (NoiseByte, ContributionSeed).
type Measure struct {
	Kind      Kind
	Column    *Column
	Value     []float64
	NoiseByte int
	Seed      int64
	P         float64
}

// Fits reports whether the plan's cells can be told apart by Evaluate:
// at most 8 dimensions, and every combination of their labels (with the
// missing category and the total) numbered within 64 bits.
func (p *Plan) Fits() bool {
	if len(p.Dims) > 8 {
		return false
	}
	n := uint64(1)
	for _, d := range p.Dims {
		hi, lo := bits.Mul64(n, uint64(len(d.Labels)+2))
		if hi != 0 {
			return false
		}
		n = lo
	}
	return true
}

// value reports whether the measure is of a column's values.
func (m Measure) value() bool { return m.Kind != Events }

// Needs says what the cells must carry besides the answer: the magnitude
// rules' largest contributions (Top of them, and the sum of every
// contribution's absolute value), each contributor's key, each cell's key,
// and each cell's people.
type Needs struct {
	Top           int
	Contributions bool
	CellKeys      bool
	Members       bool
}
