package differencing

import (
	"slices"
	"testing"
)

// all is an Earlier that returns every earlier set, released, as a store
// that does not narrow them would.
func all(earlier ...*Set) Earlier {
	priors := make([]Prior, len(earlier))
	for i, s := range earlier {
		priors[i] = Prior{Members: s, State: Released}
	}
	return priorsOf(priors...)
}

// priorsOf is an Earlier that returns every one of priors.
func priorsOf(priors ...Prior) Earlier {
	return func(sets []*Set, within int) ([][]Prior, error) {
		out := make([][]Prior, len(sets))
		for i := range out {
			out[i] = slices.Clone(priors)
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
	before := make([][]Prior, len(cells))
	for i := range before {
		before[i] = []Prior{{Members: earlier[0], State: Released}}
	}
	var got []string
	for _, c := range Fresh(cells, out, before) {
		got = append(got, c.Key)
	}
	if want := []string{"new", "new too"}; !slices.Equal(got, want) {
		t.Errorf("Fresh = %v, want %v", got, want)
	}
}

// TestCheckRepeats: a cell with the people of an earlier cell that was
// held or rejected, and never given out, is a repeat: it passes, but it
// names the held result, and its answer is held. The same people given
// out anywhere, or earlier in the answer, make it nothing new.
func TestCheckRepeats(t *testing.T) {
	t.Parallel()
	set := func(from, n int) *Set { return NewSet(people(from, n)) }
	held := Prior{Members: set(0, 30), Hold: "res_held", State: Held}
	rejected := Prior{Members: set(100, 40), Hold: "res_rejected", State: Rejected}
	released := Prior{Members: set(100, 40), State: Released}
	for _, c := range []struct {
		name     string
		priors   []Prior
		cells    []*Set
		repeats  []int
		repeatOf []string
		withheld []int
	}{
		{"a held cell again", []Prior{held}, []*Set{set(0, 30)}, []int{0}, []string{"res_held"}, nil},
		{"a rejected cell again", []Prior{rejected}, []*Set{set(100, 40)}, []int{0}, []string{"res_rejected"}, nil},
		{"both, beside a new cell", []Prior{held, rejected}, []*Set{set(500, 20), set(100, 40), set(0, 30)}, []int{1, 2}, []string{"res_rejected", "res_held"}, nil},
		{"rejected, but given out too", []Prior{rejected, released}, []*Set{set(100, 40)}, nil, nil, nil},
		{"one person off a held cell", []Prior{held}, []*Set{set(1, 29)}, nil, nil, []int{0}},
		{"twice in one answer", []Prior{held}, []*Set{set(0, 30), set(0, 30)}, []int{0}, []string{"res_held"}, nil},
	} {
		cells := make([]Cell, len(c.cells))
		for i, s := range c.cells {
			cells[i] = Cell{Key: "k", Members: s}
		}
		got, err := Check(cells, 10, priorsOf(c.priors...))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Repeats, c.repeats) || !slices.Equal(got.RepeatOf, c.repeatOf) || !slices.Equal(got.Withheld, c.withheld) {
			t.Errorf("%s: repeats %v of %v, withheld %v; want %v of %v, withheld %v", c.name, got.Repeats, got.RepeatOf, got.Withheld, c.repeats, c.repeatOf, c.withheld)
		}
	}
}

// TestFreshRecordsRepeatsAgain: a cell whose people were only held or
// rejected before is recorded again with its new answer, so that the
// ledger learns if that answer is released; one given out is not.
func TestFreshRecordsRepeatsAgain(t *testing.T) {
	t.Parallel()
	set := func(from, n int) *Set { return NewSet(people(from, n)) }
	cells := []Cell{{Key: "held before", Members: set(0, 30)}, {Key: "given before", Members: set(100, 30)}}
	prior := []Prior{{Members: set(0, 30), Hold: "res_a", State: Held}, {Members: set(100, 30), State: Released}}
	var got []string
	for _, c := range Fresh(cells, Outcome{}, [][]Prior{prior, prior}) {
		got = append(got, c.Key)
	}
	if want := []string{"held before"}; !slices.Equal(got, want) {
		t.Errorf("Fresh = %v, want %v", got, want)
	}
}
