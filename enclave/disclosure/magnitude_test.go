package disclosure

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestMagnitudeCheck(t *testing.T) {
	t.Parallel()
	acro := DefaultMagnitude()
	pOnly := Magnitude{PPercent: acro.PPercent}
	one := Magnitude{Dominance: &Dominance{N: 1, K: 0.6}}
	tests := []struct {
		name     string
		m        Magnitude
		a        Aggregate
		want     Rule
		wantNeed float64
	}{
		{"one of 4,000,000 among small", acro, Aggregate{Top: []float64{4_000_000, 1000}, AbsSum: 4_014_000}, RuleDominance, 4_001_000*0.1/0.9 - 13_000},
		{"spread", acro, Aggregate{Top: []float64{40_000, 30_000}, AbsSum: 300_000}, "", 0},
		{"two largest exactly 90%", acro, Aggregate{Top: []float64{60, 30}, AbsSum: 100}, "", 0},
		{"two largest just over 90%", acro, Aggregate{Top: []float64{60, 30.5}, AbsSum: 100}, RuleDominance, 90.5/9 - 9.5},
		{"one contributor", acro, Aggregate{Top: []float64{5}, AbsSum: 5}, RuleDominance, 5.0 / 9},
		{"all zero", acro, Aggregate{Top: []float64{0, 0}, AbsSum: 0}, "", 0},
		{"p%: two large", pOnly, Aggregate{Top: []float64{500_000, 450_000}, AbsSum: 980_000}, RulePPercent, 20_000},
		{"p%: rest exactly 10%", pOnly, Aggregate{Top: []float64{100, 50}, AbsSum: 160}, "", 0},
		{"p%: one large, rest enough", pOnly, Aggregate{Top: []float64{700, 40}, AbsSum: 1000}, "", 0},
		{"dominance of one", one, Aggregate{Top: []float64{700}, AbsSum: 1000}, RuleDominance, 700*0.4/0.6 - 300},
		{"both rules: dominance named, larger need kept", acro, Aggregate{Top: []float64{1000, 10}, AbsSum: 1011}, RuleDominance, 1010.0/9 - 1},
		{"off", Magnitude{}, Aggregate{Top: []float64{1}, AbsSum: 1}, "", 0},
	}
	for _, tt := range tests {
		rule, need := tt.m.check(tt.a)
		if rule != tt.want || math.Abs(need-tt.wantNeed) > 1e-6 {
			t.Errorf("%s: check = %q, %v; want %q, %v", tt.name, rule, need, tt.want, tt.wantNeed)
		}
	}
}

func TestTopNeeded(t *testing.T) {
	t.Parallel()
	p := 0.1
	tests := []struct {
		m    Magnitude
		want int
	}{
		{Magnitude{}, 0},
		{DefaultMagnitude(), 2},
		{Magnitude{PPercent: &p}, 2},
		{Magnitude{Dominance: &Dominance{N: 1, K: 0.5}}, 1},
		{Magnitude{Dominance: &Dominance{N: 1, K: 0.5}, PPercent: &p}, 2},
		{Magnitude{Dominance: &Dominance{N: 3, K: 0.75}, PPercent: &p}, 3},
	}
	for _, tt := range tests {
		if got := tt.m.TopNeeded(); got != tt.want {
			t.Errorf("%+v.TopNeeded() = %d, want %d", tt.m, got, tt.want)
		}
	}
}

// TestApplyNeedsSupplies checks that Apply refuses a table without what the
// rules need, naming the cell but no value.
func TestApplyNeedsSupplies(t *testing.T) {
	t.Parallel()
	table := func(a Aggregate, key *uint8) Table {
		return Table{Dimensions: []string{"d"}, Measures: []Measure{{Name: "m", Kind: KindSum}},
			Cells: []Cell{{Keys: []Key{{Value: secretKey}}, People: 12, Measures: []Aggregate{a}, CellKey: key}}}
	}
	magnitude := DefaultRules()
	magnitude.Magnitude = DefaultMagnitude()
	cellKey := Rules{Threshold: 1, Rounding: 1, Totals: TotalsFromRounded, Mode: ModeCellKey}
	full := Aggregate{Value: 30, People: 12, Top: []float64{3, 3}, AbsSum: 30}
	tests := []struct {
		name  string
		table Table
		rules Rules
		want  string
	}{
		{"no top", table(Aggregate{Value: 30, People: 12, AbsSum: 30}, nil), magnitude, "cell 0: measure 0: the magnitude rules need its 2 largest contributions"},
		{"one top of two", table(Aggregate{Value: 30, People: 12, Top: []float64{3}, AbsSum: 30}, nil), magnitude, "need its 2 largest"},
		{"no cell key", table(full, nil), cellKey, "cell 0: mode cell_key needs a cell key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Apply(context.Background(), tt.table, tt.rules, Options{})
			if !errors.Is(err, ErrTable) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Apply = %v, want ErrTable saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secretKey) {
				t.Errorf("the error %q names a category", err)
			}
		})
	}
	// Fewer contributors than the rules look at: all of them suffice.
	few := table(Aggregate{Value: 3, People: 1, Top: []float64{3}, AbsSum: 3}, new(uint8(7)))
	if _, err := Apply(context.Background(), few, magnitude, Options{}); err != nil {
		t.Errorf("Apply with every contribution of a one-contributor measure = %v", err)
	}
	if _, err := Apply(context.Background(), table(full, new(uint8(0))), cellKey, Options{}); err != nil {
		t.Errorf("Apply with cell key 0 = %v", err)
	}
}
