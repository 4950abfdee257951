package answer

import (
	"slices"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// TestOneKey: a query is admitted over data and lists all pseudonymised
// with one key, or over nothing loaded yet, and refused with
// data.key_mismatch over two keys, which would let a list match no one.
// The manifest names the one key.
func TestOneKey(t *testing.T) {
	t.Parallel()
	v1, v2, dev1 := KeyID{Version: 1}, KeyID{Version: 2}, KeyID{Version: 1, Dev: true}
	for _, c := range []struct {
		name    string
		keys    []KeyID
		refused bool
		key     KeyID
	}{
		{"nothing loaded", nil, false, KeyID{}},
		{"one key", []KeyID{v2}, false, v2},
		{"two versions", []KeyID{v1, v2}, true, KeyID{}},
		{"a dev key and a production key of one version", []KeyID{v1, dev1}, true, KeyID{}},
	} {
		err := oneKey(c.keys)
		if !c.refused {
			if err != nil {
				t.Errorf("%s: refused: %v", c.name, err)
			}
			if got := (Raw{Keys: c.keys}).key(); got != c.key {
				t.Errorf("%s: key %+v, want %+v", c.name, got, c.key)
			}
			continue
		}
		var codes []string
		if e, ok := err.(*enclave.Error); ok {
			for _, r := range e.Reasons {
				codes = append(codes, r.Code)
			}
		}
		if enclave.ErrorCode(err) != enclave.CodeForbidden || !strings.Contains(err.Error(), "different keys") || !slices.Equal(codes, []string{"data.key_mismatch"}) {
			t.Errorf("%s: %v (reasons %v), want forbidden, data.key_mismatch", c.name, err, codes)
		}
	}
}
