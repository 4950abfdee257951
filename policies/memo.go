package policies

import (
	"slices"
	"sync"

	"github.com/research-enclave/enclave/enclave"
)

// memoSize bounds the memo. The working set of route checks is roles ×
// routes × principals seen recently; when the memo fills it is emptied.
const memoSize = 8192

// memo remembers decisions by their JSON-encoded input. That is sound because
// a decision depends on nothing but the input and the compiled policies:
// capabilities() removes every non-deterministic builtin (time, randomness,
// network) and the engine loads no data documents. Only well-formed
// decisions are kept, never a failure.
type memo struct {
	mu sync.RWMutex
	m  map[string]enclave.Decision
}

func (c *memo) get(key []byte) (enclave.Decision, bool) {
	c.mu.RLock()
	d, ok := c.m[string(key)]
	c.mu.RUnlock()
	return clone(d), ok
}

func (c *memo) put(key []byte, d enclave.Decision) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= memoSize {
		c.m = make(map[string]enclave.Decision, memoSize)
	}
	c.m[string(key)] = clone(d)
}

// clone copies what a caller could change, so the memo stays as decided.
// Obligations nest (the opt-out flags are an object), so they are copied all
// the way down: a caller that changed a nested obligation must not change
// the decision the next caller gets.
func clone(d enclave.Decision) enclave.Decision {
	d.Reasons = slices.Clone(d.Reasons)
	d.Obligations = cloneObject(d.Obligations)
	return d
}

// cloneObject deep-copies a JSON object as OPA returns it: maps, slices,
// and immutable scalars (string, bool, json.Number, nil).
func cloneObject(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = cloneValue(v)
	}
	return c
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return cloneObject(x)
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = cloneValue(e)
		}
		return c
	default:
		return v
	}
}
