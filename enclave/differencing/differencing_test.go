package differencing

import "testing"

func TestTooClose(t *testing.T) {
	base := make([]uint64, 0, 100)
	for i := range uint64(100) {
		base = append(base, i*7919+1)
	}
	all := NewSet(base)
	for _, c := range []struct {
		name string
		keys []uint64
		want bool
	}{
		{"the same people", base, false},
		{"one person fewer", base[1:], true},
		{"nine fewer", base[9:], true},
		{"ten fewer", base[10:], false},
		{"one more", append(append([]uint64{}, base...), 999_999), true},
		{"disjoint", []uint64{5, 6, 7}, false},
	} {
		if got := TooClose(all, NewSet(c.keys), 10); got != c.want {
			t.Errorf("%s: TooClose = %v, want %v (difference %d)", c.name, got, c.want, Difference(all, NewSet(c.keys)))
		}
	}
	b, err := Encode(all)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(b)
	if err != nil || Difference(all, back) != 0 {
		t.Fatalf("round trip: %v, difference %d", err, Difference(all, back))
	}
	if _, err := Decode([]byte("not a bitmap")); err == nil {
		t.Error("Decode accepted garbage")
	}
}
