package lp

import "fmt"

// Limits bound a Solver's memory and work, so that a table too large or too
// degenerate fails with an error instead of exhausting the enclave's memory
// or holding a request for ever. The caller's context bounds the time.
type Limits struct {
	// MaxEntries is the most float64 entries the dense tableau may hold
	// (8 bytes each): rows × (variables + inequality rows). 0 means
	// DefaultMaxEntries.
	MaxEntries int
	// MaxPivots is the most pivots (a bound flip counts as one) that one
	// New or one Optimize call may make. 0 means 50 per row and column of
	// the tableau, and at least 10,000: simplex needs a small multiple of
	// the rows in practice, so reaching it means stalling, not progress.
	MaxPivots int
}

// DefaultMaxEntries is 200 MB of tableau.
const DefaultMaxEntries = 25_000_000

const (
	pivotsPerLine = 50
	minPivots     = 10_000
)

// entries returns the tableau limit, or an error for a negative limit.
func (l Limits) entries() (int, error) {
	if l.MaxEntries < 0 || l.MaxPivots < 0 {
		return 0, fmt.Errorf("%w: negative limit", ErrInvalid)
	}
	if l.MaxEntries == 0 {
		return DefaultMaxEntries, nil
	}
	return l.MaxEntries, nil
}

// pivots returns the pivot limit for a tableau of rows × cols.
func (l Limits) pivots(rows, cols int) int {
	if l.MaxPivots > 0 {
		return l.MaxPivots
	}
	return max(minPivots, pivotsPerLine*(rows+cols))
}
