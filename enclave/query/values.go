package query

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave/catalogue"
)

// normalise checks a filter value against its column (type, declared
// values, pattern) and writes integers and numbers in one form. The error
// names the rule broken, never the value.
func normalise(col catalogue.Column, v Value) (Value, error) {
	if err := col.Accepts(string(v)); err != nil {
		return v, err
	}
	switch col.Type {
	case catalogue.TypeInteger:
		i, _ := strconv.ParseInt(string(v), 10, 64)
		return Value(strconv.FormatInt(i, 10)), nil
	case catalogue.TypeNumber:
		f, _ := strconv.ParseFloat(string(v), 64)
		if f == 0 {
			f = 0 // not -0
		}
		return Value(strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	return v, nil
}

// compareValues orders two normalised values of a column of type t.
func compareValues(t catalogue.Type, a, b Value) int {
	switch t {
	case catalogue.TypeInteger:
		x, _ := strconv.ParseInt(string(a), 10, 64)
		y, _ := strconv.ParseInt(string(b), 10, 64)
		return cmp.Compare(x, y)
	case catalogue.TypeNumber:
		x, _ := strconv.ParseFloat(string(a), 64)
		y, _ := strconv.ParseFloat(string(b), 64)
		return cmp.Compare(x, y)
	}
	return strings.Compare(string(a), string(b)) // dates, YYYY-MM-DD
}
