package differencing

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// people is n keys spread as pseudonyms are, from key i*step+1 on.
func people(from, n int) []uint64 {
	keys := make([]uint64, 0, n)
	for i := range n {
		keys = append(keys, uint64(from+i)*0x9e3779b97f4a7c15)
	}
	return keys
}

func TestDifference(t *testing.T) {
	t.Parallel()
	base := people(0, 100)
	all := NewSet(slices.Clone(base))
	for _, c := range []struct {
		name string
		keys []uint64
		want int
	}{
		{"the same people", base, 0},
		{"the same, listed twice", append(slices.Clone(base), base...), 0},
		{"one person fewer", base[1:], 1},
		{"nine fewer", base[9:], 9},
		{"one more", append(slices.Clone(base), 999_999), 1},
		{"one swapped", append(slices.Clone(base[1:]), 999_999), 2},
		{"disjoint", people(1000, 3), 103},
		{"nobody", nil, 100},
	} {
		if got := Difference(all, NewSet(slices.Clone(c.keys))); got != c.want {
			t.Errorf("%s: Difference = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestSortKeys(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 8))
	repeated := randomKeys(rng, 5000)
	repeated = append(repeated, repeated[:3000]...)
	crowded := randomKeys(rng, 5000)
	for i := range crowded {
		crowded[i] >>= 20
	}
	for _, keys := range [][]uint64{randomKeys(rng, 255), randomKeys(rng, 256), randomKeys(rng, 100_000), repeated, crowded} {
		got, want := slices.Clone(keys), slices.Clone(keys)
		sortKeys(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%d keys: sortKeys disagrees with slices.Sort", len(keys))
		}
	}
}

// TestSketchBound: for random pairs of sets, from unrelated to nearly the
// same, the distance of their sketches never exceeds their difference. The
// check's exactness rests on it.
func TestSketchBound(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	for range 2000 {
		a := randomKeys(rng, rng.IntN(3000))
		var b []uint64
		switch rng.IntN(3) {
		case 0: // unrelated
			b = randomKeys(rng, rng.IntN(3000))
		case 1: // a few people dropped and added
			b = slices.Clone(a[:len(a)-min(len(a), rng.IntN(20))])
			b = append(b, randomKeys(rng, rng.IntN(20))...)
		case 2: // keys crowded into few buckets, as an adversary might pick them
			b = slices.Clone(a)
			for i := range b {
				b[i] &= 0xC3FF_FFFF_FFFF_FFFF
			}
		}
		sa, sb := NewSet(a), NewSet(b)
		if dist, diff := distance(sa.Sketch(), sb.Sketch(), math.MaxInt), Difference(sa, sb); dist > diff {
			t.Fatalf("sketch distance %d exceeds the difference %d (%d and %d people)", dist, diff, sa.Len(), sb.Len())
		}
	}
	// Counts that stop at 65,535 keep the bound.
	big := NewSet(randomKeys(rng, 70_000))
	for i := range big.keys {
		big.keys[i] >>= 6 // every key in bucket 0
	}
	big = NewSet(big.keys)
	smaller := NewSet(slices.Clone(big.keys[:big.Len()-100]))
	if dist, diff := distance(big.Sketch(), smaller.Sketch(), math.MaxInt), Difference(big, smaller); dist > diff {
		t.Fatalf("saturated counts: distance %d exceeds the difference %d", dist, diff)
	}
}

func randomKeys(rng *rand.Rand, n int) []uint64 {
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = rng.Uint64()
	}
	return keys
}

func TestEncode(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 5))
	crowded := make([]uint64, 300) // one gap far longer than the rest
	for i := range crowded {
		crowded[i] = uint64(i)
	}
	crowded = append(crowded, 1<<63)
	for _, keys := range [][]uint64{
		nil, {0}, {1<<64 - 1}, {0, 1<<64 - 1}, {0, 1, 2, 3}, people(0, 10), crowded, randomKeys(rng, 1000), randomKeys(rng, 100_000),
	} {
		s := NewSet(keys)
		b := Encode(s)
		back, err := Decode(b)
		if err != nil {
			t.Fatalf("%d keys: %v", s.Len(), err)
		}
		if !slices.Equal(back.keys, s.keys) || *back.Sketch() != *s.Sketch() {
			t.Fatalf("%d keys: the round trip changed the set", s.Len())
		}
		if s.Len() == 1000 && len(b) > 7*1000+16 {
			t.Errorf("1,000 random keys take %d bytes, want about 7 a key", len(b))
		}
	}
	sk := NewSet(randomKeys(rng, 5000)).Sketch()
	if back, err := DecodeSketch(EncodeSketch(sk)); err != nil || back != *sk {
		t.Fatalf("sketch round trip: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("not a set"), {riceFormat}, {riceFormat, 200, 1, 0}, {riceFormat, 1, 64, 0}, append(Encode(NewSet([]uint64{5})), 0)} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode accepted % x", bad)
		}
	}
	for _, bad := range [][]byte{{1, 2}, append(make([]byte, 63), 0x80), append(EncodeSketch(sk), 0)} {
		if _, err := DecodeSketch(bad); err == nil {
			t.Errorf("DecodeSketch accepted % x", bad)
		}
	}
}

// FuzzDecode: damaged bytes are an error or a valid set, never a panic or
// a set whose keys are out of order.
func FuzzDecode(f *testing.F) {
	f.Add(Encode(NewSet(people(0, 50))))
	f.Add([]byte{riceFormat, 3, 0, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err != nil {
			return
		}
		if !slices.IsSorted(s.keys) || len(slices.Compact(slices.Clone(s.keys))) != s.Len() {
			t.Fatalf("Decode returned keys out of order")
		}
		if again, err := Decode(Encode(s)); err != nil || !slices.Equal(again.keys, s.keys) {
			t.Fatalf("re-encoding a decoded set: %v", err)
		}
	})
}

// TestDecodeRoaring reads a set as migration 007 stored it.
func TestDecodeRoaring(t *testing.T) {
	t.Parallel()
	// A 64-bit roaring bitmap of four keys, as migration 007's Encode wrote it.
	stored := []byte{0x3, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x3a, 0x30, 0x0, 0x0, 0x1, 0x0, 0x0, 0x0,
		0x0, 0x0, 0x1, 0x0, 0x10, 0x0, 0x0, 0x0, 0x1, 0x0, 0x2, 0x0, 0x0, 0x1, 0x0, 0x0, 0x3a, 0x30, 0x0, 0x0, 0x1, 0x0, 0x0,
		0x0, 0x0, 0x0, 0x0, 0x0, 0x10, 0x0, 0x0, 0x0, 0x0, 0x0, 0xb9, 0x79, 0x37, 0x9e, 0x3a, 0x30, 0x0, 0x0, 0x1, 0x0, 0x0,
		0x0, 0x4a, 0x7f, 0x0, 0x0, 0x10, 0x0, 0x0, 0x0, 0x15, 0x7c}
	s, err := DecodeRoaring(stored)
	if err != nil {
		t.Fatal(err)
	}
	if want := []uint64{1, 2, 1 << 40, 0x9e3779b97f4a7c15}; !slices.Equal(s.keys, want) {
		t.Errorf("keys %v, want %v", s.keys, want)
	}
	if _, err := DecodeRoaring([]byte("not a bitmap")); err == nil {
		t.Error("DecodeRoaring accepted garbage")
	}
}

// FuzzDecodeSketch: damaged bytes are an error or a sketch that encodes
// back to one equal to it, never a panic.
func FuzzDecodeSketch(f *testing.F) {
	f.Add(EncodeSketch(NewSet(people(0, 5000)).Sketch()))
	f.Add(make([]byte, 64))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := DecodeSketch(b)
		if err != nil {
			return
		}
		if again, err := DecodeSketch(EncodeSketch(&s)); err != nil || again != s {
			t.Fatalf("re-encoding a decoded sketch: %v", err)
		}
	})
}
