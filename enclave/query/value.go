package query

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Value is one filter value as text: "F", "2023-01-01", "true", "30.5". It is
// always written to JSON as a string. It may be read from a JSON string, a
// JSON number (kept exactly as written, so 30.50 reads as "30.50") or true
// or false; Validate then checks it against the column and writes numbers
// in one form. null is refused.
type Value string

// UnmarshalJSON reads a string, a number or a boolean. Its errors never
// repeat the value.
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return errors.New("query: a filter value is empty")
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return errors.New("query: a filter value is not a valid JSON string")
		}
		*v = Value(s)
	case string(b) == "true" || string(b) == "false":
		*v = Value(b)
	case string(b) == "null":
		return errors.New("query: a filter value is null; filters take strings, numbers or booleans")
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return errors.New("query: a filter value must be a string, a number or a boolean")
		}
		*v = Value(n)
	}
	return nil
}
