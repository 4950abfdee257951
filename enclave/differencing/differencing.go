// Package differencing protects against answers that are safe one by one
// but not together: a total and a subgroup, the same query with one person
// filtered out, two overlapping bands. For each project it keeps, inside the
// enclave, the set of people behind every cell it has released, and a new
// cell whose people differ from an earlier cell's by at least one and fewer
// than the threshold is withheld: releasing both would let a researcher
// subtract one from the other and learn about a group smaller than the
// threshold.
//
// A set is a compressed bitmap (roaring, 64-bit) of the first 8 bytes of
// each person's pseudonym. Those bytes are keyed HMAC output, so they are as
// good as random: among ten million people the chance that any two share
// them is about three in a million, and such a pair would only make two
// people count as one. Sets never leave the enclave.
//
// What it does not protect against: differences across projects (each
// project has its own ledger); differences of sums or means of one person's
// values when the people are the same; differences between cells of
// non-adjacent sizes combined in three or more steps whose pairwise
// differences all exceed the threshold (the general problem is an
// integer-programming audit, left to output review).
package differencing

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// Set is the people behind one cell.
type Set = roaring64.Bitmap

// NewSet makes a set from the people's 64-bit keys.
func NewSet(keys []uint64) *Set {
	s := roaring64.New()
	s.AddMany(keys)
	s.RunOptimize()
	return s
}

// Difference is the number of people in exactly one of a and b.
func Difference(a, b *Set) uint64 {
	return a.GetCardinality() + b.GetCardinality() - 2*a.AndCardinality(b)
}

// TooClose reports whether releasing a cell with people a beside one with
// people b would reveal a group of 1 to threshold-1 people.
func TooClose(a, b *Set, threshold int) bool {
	d := Difference(a, b)
	return d > 0 && d < uint64(threshold)
}

// Encode serialises a set for the ledger.
func Encode(s *Set) ([]byte, error) { return s.ToBytes() }

// Decode reads a set the ledger stored. A damaged one is an error: the
// library panics on some malformed input, which Decode turns into one.
func Decode(b []byte) (s *Set, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("differencing: a stored set is damaged: %v", r)
		}
	}()
	s = roaring64.New()
	if err := s.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("differencing: a stored set is damaged: %w", err)
	}
	return s, nil
}
