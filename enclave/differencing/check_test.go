package differencing

import (
	"slices"
	"testing"
)

// all is an Earlier that returns every earlier set, as a store that does
// not narrow them would.
func all(earlier ...*Set) Earlier {
	return func(sets []*Set, within int) ([][]*Set, error) {
		out := make([][]*Set, len(sets))
		for i := range out {
			out[i] = earlier
		}
		return out, nil
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	set := func(from, n int) *Set { return NewSet(people(from, n)) }
	earlier := []*Set{set(0, 100), set(1000, 50)}
	for _, c := range []struct {
		name           string
		cells          []*Set
		withheld, near []int
	}{
		{"the same people again", []*Set{set(0, 100), set(1000, 50)}, nil, nil},
		{"one fewer", []*Set{set(1, 99)}, []int{0}, nil},
		{"nine more", []*Set{set(0, 109)}, []int{0}, nil},
		{"ten more: a near miss", []*Set{set(0, 110)}, nil, []int{0}},
		{"nineteen fewer: a near miss", []*Set{set(19, 81)}, nil, []int{0}},
		{"twenty fewer", []*Set{set(20, 80)}, nil, nil},
		{"unrelated", []*Set{set(5000, 100)}, nil, nil},
		{"3 from an earlier cell, then 12", []*Set{set(1000, 53), set(988, 62)}, []int{0}, []int{1}},
		{"close to a cell earlier in the answer", []*Set{set(5000, 100), set(5000, 97)}, []int{1}, nil},
		{"a withheld cell is no reference", []*Set{set(1, 99), set(1, 108)}, []int{0}, []int{1}},
		{"near one earlier in the answer", []*Set{set(5000, 100), set(5000, 85)}, nil, []int{1}},
	} {
		cells := make([]Cell, len(c.cells))
		for i, s := range c.cells {
			cells[i] = Cell{Key: "k", Members: s}
		}
		got, err := Check(cells, 10, all(earlier...))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Withheld, c.withheld) || !slices.Equal(got.Near, c.near) {
			t.Errorf("%s: withheld %v near %v, want %v and %v", c.name, got.Withheld, got.Near, c.withheld, c.near)
		}
	}
}

func TestFresh(t *testing.T) {
	t.Parallel()
	set := func(from, n int) *Set { return NewSet(people(from, n)) }
	earlier := []*Set{set(0, 100)}
	cells := []Cell{
		{Key: "asked before", Members: set(0, 100)},
		{Key: "new", Members: set(500, 30)},
		{Key: "withheld", Members: set(0, 99)},
		{Key: "new again in this answer", Members: set(500, 30)},
		{Key: "new too", Members: set(900, 30)},
	}
	out, err := Check(cells, 10, all(earlier...))
	if err != nil {
		t.Fatal(err)
	}
	before := make([][]*Set, len(cells))
	for i := range before {
		before[i] = earlier
	}
	var got []string
	for _, c := range Fresh(cells, out, before) {
		got = append(got, c.Key)
	}
	if want := []string{"new", "new too"}; !slices.Equal(got, want) {
		t.Errorf("Fresh = %v, want %v", got, want)
	}
}
