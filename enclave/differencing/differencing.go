// Package differencing protects against answers that are safe one by one
// but not together: a total and a subgroup, the same query with one person
// filtered out, two overlapping bands, the same count under two opt-out
// rules. For each project it keeps, inside the enclave, the set of people
// behind every cell it has released (and, for a measure, the set of its
// contributions), and a new cell whose set differs from an earlier cell's,
// in any project of the researcher's, by at least one and fewer than the
// threshold is withheld: releasing both would let a researcher subtract one
// from the other and learn about a group smaller than the threshold. A
// Session checks an answer's cells against a Ledger's View and records the
// ones released.
//
// A ledger also keeps the cells of answers held for output review, and
// knows for each whether it was given out (Prior.State): held and rejected
// cells count for differencing like released ones (officers may release a
// held one yet), but a cell with exactly their people is not "nothing
// new": it would give out what officers are deciding on, or refused, so it
// is a repeat, and its answer is held.
//
// A person's key is the first 8 bytes of their pseudonym. Those bytes are
// keyed HMAC output, so they are as good as random: among ten million
// people the chance that any two share them is about three in a million,
// and such a pair would only make two people count as one. Sets never leave
// the enclave.
//
// The check is exact. Only earlier cells that could be close are compared
// person by person: those whose count of people and whose Sketch lie within
// reach, both lower bounds on the difference.
//
// What it does not protect against: two researchers pooling answers from
// projects they do not share; differences between cells combined in three or
// more steps whose pairwise differences all reach the threshold (the general
// problem is an integer-programming audit, left to output review, which
// near misses help direct, and for magnitudes to noise infusion).
package differencing

import (
	"math/bits"
	"slices"
)

// Set is the people behind one cell: their keys, sorted, each once.
type Set struct {
	keys   []uint64
	sketch Sketch
}

// NewSet makes the set of the people with these keys, which may repeat.
// It sorts keys in place and keeps them: the caller must not change the
// slice afterwards. Keys sorted already (SortKeys) are only checked.
func NewSet(keys []uint64) *Set {
	if !slices.IsSorted(keys) {
		sortKeys(keys)
	}
	keys = slices.Compact(keys)
	return &Set{keys: keys, sketch: sketchOf(keys)}
}

// SortKeys sorts keys in place as NewSet does, so that the sets made of
// them later, copies included, need no sort of their own: an answer's
// people go into a set for the check and again for the recording.
func SortKeys(keys []uint64) { sortKeys(keys) }

// sortKeys sorts keys that are as good as random in linear time, four
// times faster than slices.Sort on a hundred thousand: it spreads them over
// buckets of about four by their top bits, then sorts each bucket, by
// insertion when it is small. Keys crowded into few buckets still sort in
// O(n log n).
func sortKeys(keys []uint64) {
	if len(keys) < 256 {
		slices.Sort(keys)
		return
	}
	shift := 64 - bits.Len(uint(len(keys)/4))
	start := make([]int, 1<<(64-shift)+1) // where each bucket begins in sorted
	for _, k := range keys {
		start[k>>shift+1]++
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	sorted := make([]uint64, len(keys))
	next := slices.Clone(start)
	for _, k := range keys {
		sorted[next[k>>shift]] = k
		next[k>>shift]++
	}
	for b := range len(start) - 1 {
		bucket := sorted[start[b]:start[b+1]]
		if len(bucket) > 16 {
			slices.Sort(bucket)
			continue
		}
		for i := 1; i < len(bucket); i++ {
			for j := i; j > 0 && bucket[j] < bucket[j-1]; j-- {
				bucket[j], bucket[j-1] = bucket[j-1], bucket[j]
			}
		}
	}
	copy(keys, sorted)
}

// Len is the number of people in s.
func (s *Set) Len() int { return len(s.keys) }

// Sketch is s's sketch, not to be changed.
func (s *Set) Sketch() *Sketch { return &s.sketch }

// Difference is the number of people in exactly one of a and b.
func Difference(a, b *Set) int {
	i, j, common := 0, 0, 0
	for i < len(a.keys) && j < len(b.keys) {
		switch x, y := a.keys[i], b.keys[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			common++
			i++
			j++
		}
	}
	return len(a.keys) + len(b.keys) - 2*common
}
