package query

// Query is one aggregate question, the canonical value both the JSON body of
// POST /v1/projects/{id}/queries and the restricted SQL compile to.
//
// Columns are written "dataset.column". Before Validate a column may also be
// written unqualified when exactly one of the query's datasets has it;
// Validate returns the query with every column qualified.
//
// The fields are declared in the order of their JSON keys, so that encoding
// a Query writes its keys sorted, as the canonical encoding (see Hash) needs.
type Query struct {
	// Cohort, when set, keeps only the people who have at least one row in
	// the cohort's dataset matching its filters.
	Cohort *Cohort `json:"cohort,omitempty"`
	// Datasets are the catalogue datasets joined on the person pseudonym
	// (an inner join: a person counts when they have rows in every one).
	Datasets []string `json:"datasets,omitempty"`
	// Filters are combined with AND.
	Filters []Filter `json:"filters,omitempty"`
	// GroupBy lists the dimension columns the result is broken down by.
	GroupBy []string `json:"group_by,omitempty"`
	// Measures are computed for every cell of the breakdown.
	Measures []Measure `json:"measures,omitempty"`
	// Totals asks for every margin of the breakdown as well (the cells with
	// one or more group-by columns summed over, as SQL's CUBE gives).
	Totals bool `json:"totals,omitempty"`
}

// Cohort is a semi-join on the person: the people with at least one row in
// Dataset that matches every filter (all of them when there are none).
type Cohort struct {
	Dataset string   `json:"dataset"`
	Filters []Filter `json:"filters,omitempty"`
}

// Measure is one aggregate.
type Measure struct {
	// Column is the measure column summed, averaged or ranked
	// (sum, mean, percentile).
	Column string `json:"column,omitempty"`
	// Dataset is the dataset whose rows count_events counts. Validate fills
	// it in when the query has a single dataset.
	Dataset string      `json:"dataset,omitempty"`
	Kind    MeasureKind `json:"kind"`
	// P is the percentile as a fraction strictly between 0 and 1 (0.5 is the
	// median); percentile only.
	P float64 `json:"p,omitempty"`
}

// MeasureKind names an aggregate. The names travel in the JSON body and into
// the query hash, so never rename one.
type MeasureKind string

// The measures, in their canonical order.
const (
	CountPeople MeasureKind = "count_people" // distinct pseudonyms
	CountEvents MeasureKind = "count_events" // rows of one dataset
	Sum         MeasureKind = "sum"          // sum of a measure column
	Mean        MeasureKind = "mean"         // mean of a measure column
	Percentile  MeasureKind = "percentile"   // continuous percentile of a measure column
)

var measureOrder = []MeasureKind{CountPeople, CountEvents, Sum, Mean, Percentile}

// Filter restricts the rows of one column. Values are text in the column's
// form (dates YYYY-MM-DD, booleans true and false, numbers in decimal).
type Filter struct {
	Column string  `json:"column"`
	Op     Op      `json:"op"`
	Values []Value `json:"values"`
}

// Op is a filter's comparison. The names travel in the JSON body and into
// the query hash, so never rename one.
//
// There is deliberately no "not equal" or "not in": a complement is the
// easiest way to difference two released results, and an IN list says the
// same thing for the columns where it matters.
type Op string

// The operators, in their canonical order, with the number of values each
// takes.
const (
	Eq      Op = "eq"      // column = value (one value)
	In      Op = "in"      // column is one of the values (one or more)
	Between Op = "between" // low <= column <= high (two values: low, high)
	Gt      Op = "gt"      // column > value
	Gte     Op = "gte"     // column >= value
	Lt      Op = "lt"      // column < value
	Lte     Op = "lte"     // column <= value
)

var opOrder = []Op{Eq, In, Between, Gt, Gte, Lt, Lte}

// ranged reports whether the operator compares by order, which only
// integer, number and date columns have.
func (o Op) ranged() bool { return o == Between || o == Gt || o == Gte || o == Lt || o == Lte }
