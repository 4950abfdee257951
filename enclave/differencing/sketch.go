package differencing

import (
	"encoding/binary"
	"errors"
	"math"
)

// Sketch counts a set's people in each of 64 buckets, named by the top six
// bits of their keys. A person in one set and not in another changes one
// bucket's count by one, so two sets differ by at least the sum over
// buckets of the differences of their counts (Within). Sets of people unrelated to each other have distances in
// the hundreds at a thousand people, so their sketches tell them apart
// without reading their people; near-duplicates keep small distances and are
// compared person by person.
//
// A count stops at 65,535, which keeps the bound: |min(a,c) − min(b,c)| is
// never more than |a − b|.
type Sketch [64]uint16

func sketchOf(keys []uint64) Sketch {
	var counts [64]int
	for _, k := range keys {
		counts[k>>58]++
	}
	var s Sketch
	for b, n := range counts {
		s[b] = uint16(min(n, math.MaxUint16))
	}
	return s
}

// Within reports whether the sketch distance of a and b is below limit:
// the sum over buckets of the differences of their counts, a lower bound on
// the number of people in exactly one of their sets. It reads only as many
// buckets as it takes to tell.
func Within(a, b *Sketch, limit int) bool {
	return distance(a, b, limit) < limit
}

// distance is the sketch distance of a and b, or any number from limit up
// once it reaches limit.
func distance(a, b *Sketch, limit int) int {
	d := 0
	for i := 0; i < len(a) && d < limit; i += 8 {
		for j := i; j < i+8; j++ {
			x := int(a[j]) - int(b[j])
			sign := x >> 63
			d += x ^ sign - sign
		}
	}
	return d
}

// EncodeSketch writes a sketch as the ledger stores it: its 64 counts as
// uvarints, one byte each for counts below 128.
func EncodeSketch(s *Sketch) []byte {
	b := make([]byte, 0, len(s))
	for _, n := range s {
		b = binary.AppendUvarint(b, uint64(n))
	}
	return b
}

// DecodeSketch reads a sketch EncodeSketch wrote.
func DecodeSketch(b []byte) (Sketch, error) {
	var s Sketch
	if len(b) == len(s) { // one byte each: every count is below 128
		for i, c := range b {
			if c >= 0x80 {
				return Sketch{}, errors.New("differencing: a stored sketch is damaged")
			}
			s[i] = uint16(c)
		}
		return s, nil
	}
	for i := range s {
		n, size := binary.Uvarint(b)
		if size <= 0 || n > math.MaxUint16 {
			return Sketch{}, errors.New("differencing: a stored sketch is damaged")
		}
		s[i], b = uint16(n), b[size:]
	}
	if len(b) > 0 {
		return Sketch{}, errors.New("differencing: a stored sketch has trailing bytes")
	}
	return s, nil
}
