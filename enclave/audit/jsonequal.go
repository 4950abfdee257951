package audit

import (
	"encoding/json"
	"maps"
	"math/big"
	"slices"
	"strconv"
)

// sameValue compares two values decoded with UseNumber, returning the path
// of the first difference.
func sameValue(path string, a, b any) (string, bool) {
	here := path
	if here == "" {
		here = "the top level"
	}
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return here, false
		}
		for _, k := range slices.Sorted(maps.Keys(a)) {
			bv, ok := b[k]
			if !ok {
				return join(path, k), false
			}
			if p, ok := sameValue(join(path, k), a[k], bv); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return here, false
		}
		for i := range a {
			if p, ok := sameValue(path+"["+strconv.Itoa(i)+"]", a[i], b[i]); !ok {
				return p, false
			}
		}
		return "", true
	case json.Number:
		b, ok := b.(json.Number)
		if !ok || !sameNumber(a, b) {
			return here, false
		}
		return "", true
	}
	// Strings, booleans and null compare as Go values.
	if a != b {
		return here, false
	}
	return "", true
}

func join(path, member string) string {
	if path == "" {
		return member
	}
	return path + "." + member
}

// sameNumber compares two JSON numbers by value: parsed at 512 bits, the
// same number however written rounds to the same float, and any exponent is
// cheap to parse.
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	fa, _, errA := new(big.Float).SetPrec(512).Parse(string(a), 10)
	fb, _, errB := new(big.Float).SetPrec(512).Parse(string(b), 10)
	return errA == nil && errB == nil && fa.Cmp(fb) == 0
}
