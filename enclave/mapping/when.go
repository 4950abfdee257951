package mapping

import "slices"

// condition is one of a mapping's when: conditions: a row is for the
// dataset only if the trimmed cell of column source is one of values.
type condition struct {
	source string
	values []string
}

// boundCondition is a condition with the position of its field in one
// file.
type boundCondition struct {
	*condition
	at int
}

// skip returns a skipping Reject naming the first condition the record
// fails, or nil when it meets them all.
func (t *Transformer) skip(record []string) *Reject {
	for _, c := range t.conds {
		if !slices.Contains(c.values, trim(record[c.at])) {
			return &Reject{Column: c.source, Reason: ReasonCondition, Skip: true}
		}
	}
	return nil
}
