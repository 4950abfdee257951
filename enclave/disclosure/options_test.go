package disclosure

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// oneByTotal is a 1-D table of people by band with its total.
func oneByTotal(people ...int64) Table {
	t := Table{Dimensions: []string{"band"}, Additive: true}
	for i, p := range people {
		t.Cells = append(t.Cells, Cell{Keys: []Key{{Value: fmt.Sprint("b", i)}}, People: p})
	}
	t, _ = WithMargins(t)
	return t
}

// TestWithholdIsProtected: a cell withheld for the caller's own reason
// (the differencing ledger) is protected from derivation like a small one:
// its band cannot be worked out as the total less the others.
func TestWithholdIsProtected(t *testing.T) {
	t.Parallel()
	table := oneByTotal(40, 35, 50)
	rules := DefaultRules()
	rules.Totals = TotalsIndependent
	var asked [][]Key
	res, err := Apply(context.Background(), table, rules, Options{Withhold: func(cands []Candidate) ([]Withheld, error) {
		for _, c := range cands {
			asked = append(asked, c.Keys)
		}
		return []Withheld{{Candidate: 1, Closest: -1}}, nil // b1
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != 4 {
		t.Errorf("asked about %v, want every cell that passed the threshold, the total included", asked)
	}
	if res.Cells[1].Suppressed != RuleDifferencing {
		t.Fatalf("b1 = %+v, want withheld", res.Cells[1])
	}
	hidden := 0
	for _, c := range res.Cells {
		if c.Suppressed != "" {
			hidden++
		}
	}
	if hidden < 2 {
		t.Errorf("only the withheld cell is hidden, so the total less the others gives it: %+v", res.Cells)
	}
	checkIntervals(t, rules, res)

	// The caller's error ends Apply.
	boom := errors.New("ledger down")
	if _, err := Apply(context.Background(), table, rules, Options{Withhold: func([]Candidate) ([]Withheld, error) { return nil, boom }}); !errors.Is(err, boom) {
		t.Errorf("Apply with a failing Withhold = %v, want %v", err, boom)
	}
}

// TestWithheldStaysWideOfTheEarlierCell: the women with x, 31, are
// withheld for being one person from the 30 a reader was given before, who
// therefore knows they are 31 to 39 (the new cell holds the old, from the
// question's meaning). Released beside them unrounded, F's total, F/y and
// the men would pin them to 31 or 32: within what the reader knows, the
// interval must still be the protection level wide.
func TestWithheldStaysWideOfTheEarlierCell(t *testing.T) {
	t.Parallel()
	table := Table{Dimensions: []string{"sex", "thing"}, Additive: true, Cells: []Cell{
		{Keys: []Key{{Value: "F"}, {Value: "x"}}, People: 31},
		{Keys: []Key{{Value: "F"}, {Value: "y"}}, People: 11},
		{Keys: []Key{{Value: "M"}, {Value: "x"}}, People: 11},
		{Keys: []Key{{Value: "M"}, {Value: "y"}}, People: 50},
	}}
	table, _ = WithMargins(table)
	rules := Rules{Threshold: 10, Rounding: 1, Totals: TotalsIndependent}
	res, err := Apply(context.Background(), table, rules, Options{Withhold: func(cands []Candidate) ([]Withheld, error) {
		for k, c := range cands {
			if c.Keys[0].Value == "F" && c.Keys[1].Value == "x" {
				return []Withheld{{Candidate: k, Closest: 30}}, nil
			}
		}
		return nil, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	ivs, err := Intervals(context.Background(), *res, rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, iv := range ivs {
		if k := res.Cells[iv.Cell].Keys; k[0].Value != "F" || k[1].Value != "x" {
			continue
		}
		if lo, hi := max(iv.Low, 31), min(iv.High, 39); hi-lo < rules.ProtectionLevel() {
			t.Errorf("F/x, known to be 31 to 39, is bounded to [%g, %g] by the answer", lo, hi)
		}
		return
	}
	t.Fatalf("F/x is not withheld: %+v", res.Cells)
}

// TestTooLarge: a table with margins above the limit is refused before any
// work, naming the limit; without margins it needs no protection.
func TestTooLarge(t *testing.T) {
	t.Parallel()
	table := oneByTotal(slices.Repeat([]int64{20}, 30)...)
	_, err := Apply(context.Background(), table, DefaultRules(), Options{MaxCells: 30})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("31 cells with margins under a limit of 30: %v, want ErrTooLarge", err)
	}
	if want := "at most 30"; !strings.Contains(err.Error(), want) {
		t.Errorf("the error %q does not name the limit", err)
	}
	flat := table
	flat.Cells = table.Cells[:30]
	if _, err := Apply(context.Background(), flat, DefaultRules(), Options{MaxCells: 10}); err != nil {
		t.Errorf("a flat table needs no protection, yet: %v", err)
	}
}

// TestContextEnds: protection stops when the request's context ends.
func TestContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rules := DefaultRules()
	rules.Totals = TotalsIndependent
	_, err := Apply(ctx, oneByTotal(3, 40, 50), rules, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Apply with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestSingletonsDoNotRevealEachOther: two cells of one person each in one
// row, at rounding 1 with an exact total, would each tell the other's
// person that they are the only other one there (sdcTable's
// detectSingletons). The row must hide a third cell.
func TestSingletonsDoNotRevealEachOther(t *testing.T) {
	t.Parallel()
	rules := Rules{Threshold: 10, Rounding: 1, Totals: TotalsIndependent}
	res, err := Apply(context.Background(), oneByTotal(1, 1, 30, 45), rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for _, c := range res.Cells {
		if c.Suppressed != "" {
			hidden++
		}
	}
	if hidden < 3 {
		t.Errorf("%d cells hidden: the two singletons with only each other beside them add up to the total less the rest", hidden)
	}
	checkIntervals(t, rules, res)
}
