package disclosure

import (
	"context"
	"encoding/json"
	"testing"
)

// TestApplyDeterministic checks that Apply gives the same bytes every time and
// leaves its input alone, and that the result shares no memory with it.
func TestApplyDeterministic(t *testing.T) {
	t.Parallel()
	c := readCase(t, "testdata/golden/secondary_3d.in.json")
	table, err := WithMargins(c.Table)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(table)
	first, err := Apply(context.Background(), table, c.Rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(first)
	for range 5 {
		res, err := Apply(context.Background(), table, c.Rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := json.Marshal(res); string(got) != string(want) {
			t.Fatalf("Apply differs between runs:\n%s\n%s", got, want)
		}
	}
	if after, _ := json.Marshal(table); string(after) != string(before) {
		t.Errorf("Apply changed its input")
	}
	first.Cells[0].Keys[0].Value = "changed"
	first.Dimensions[0] = "changed"
	if after, _ := json.Marshal(table); string(after) != string(before) {
		t.Errorf("the result shares memory with the input")
	}
}

func TestApplyEmpty(t *testing.T) {
	t.Parallel()
	res, err := Apply(context.Background(), Table{}, DefaultRules(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Totals != TotalsNone || len(res.Cells) != 0 || res.Suppressed[RulePrimary] != 0 {
		t.Errorf("Apply(empty) = %+v", res)
	}
	// A table with no dimensions is one overall count.
	res, err = Apply(context.Background(), Table{Cells: []Cell{{People: 4}}}, DefaultRules(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Cells[0].Suppressed != RulePrimary {
		t.Errorf("an overall count of 4 = %+v, want it hidden", res.Cells[0])
	}
}

// TestDerivableRefusesMalformed checks that Derivable reports a result whose
// cells it cannot place.
func TestDerivableRefusesMalformed(t *testing.T) {
	t.Parallel()
	res := Result{Dimensions: []string{"d"}, Cells: []Released{{Keys: []Key{{Value: "a"}}}, {Keys: []Key{{Value: "a"}}}}}
	if _, err := Derivable(res); err == nil {
		t.Error("Derivable accepted two cells with the same keys")
	}
}

// TestDerivableFindsExposure checks Derivable on a result that releases too
// much: the total and every other cell of a 1-D table, or the counts but not
// the sum of a small cell.
func TestDerivableFindsExposure(t *testing.T) {
	t.Parallel()
	v := func(n int64) *int64 { return &n }
	f := func(x float64) *float64 { return &x }
	res := Result{
		Dimensions: []string{"d"},
		Measures:   []Measure{{Name: "s", Kind: KindSum}},
		Totals:     TotalsIndependent,
		Cells: []Released{
			{Keys: []Key{{Value: "a"}}, Suppressed: RulePrimary},
			{Keys: []Key{{Value: "b"}}, People: v(20), Measures: []Value{{Suppressed: RuleMeasureThreshold}}},
			{Keys: []Key{{Value: "c"}}, People: v(0)},
			{Keys: []Key{{Total: true}}, People: v(25), Measures: []Value{{Value: f(7)}}},
		},
	}
	got, err := Derivable(res)
	if err != nil {
		t.Fatal(err)
	}
	want := []Position{{Cell: 0, Measure: Counts}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("Derivable = %v, want %v", got, want)
	}
	// The sum column has two hidden values (a's and b's) and is safe; with
	// a's counts released as a zero, b's sum is alone.
	res.Cells[0] = Released{Keys: []Key{{Value: "a"}}, People: v(0)}
	got, _ = Derivable(res)
	if want := (Position{Cell: 1, Measure: 0}); len(got) != 1 || got[0] != want {
		t.Errorf("Derivable = %v, want [%v]", got, want)
	}
	// Under from_rounded the released total is not the true one: nothing follows.
	res.Totals = TotalsFromRounded
	if got, _ := Derivable(res); len(got) != 0 {
		t.Errorf("Derivable under from_rounded = %v, want none", got)
	}
}
