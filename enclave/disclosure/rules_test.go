package disclosure

import (
	"errors"
	"testing"
)

func TestRulesValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		rules Rules
		ok    bool
	}{
		{"defaults", DefaultRules(), true},
		{"threshold 1 rounding 1", Rules{Threshold: 1, Rounding: 1, Totals: TotalsSuppress}, true},
		{"independent", Rules{Threshold: 8, Rounding: 5, Totals: TotalsIndependent}, true},
		{"largest", Rules{Threshold: MaxSetting, Rounding: MaxSetting, Totals: TotalsFromRounded}, true},
		{"threshold 0", Rules{Threshold: 0, Rounding: 5, Totals: TotalsFromRounded}, false},
		{"negative threshold", Rules{Threshold: -10, Rounding: 5, Totals: TotalsFromRounded}, false},
		{"threshold too large", Rules{Threshold: MaxSetting + 1, Rounding: 5, Totals: TotalsFromRounded}, false},
		{"rounding 0", Rules{Threshold: 10, Rounding: 0, Totals: TotalsFromRounded}, false},
		{"rounding too large", Rules{Threshold: 10, Rounding: MaxSetting + 1, Totals: TotalsFromRounded}, false},
		{"no totals rule", Rules{Threshold: 10, Rounding: 5}, false},
		{"totals none is a result, not a rule", Rules{Threshold: 10, Rounding: 5, Totals: TotalsNone}, false},
		{"unknown totals rule", Rules{Threshold: 10, Rounding: 5, Totals: "FROM_ROUNDED"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.rules.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrRules) {
				t.Errorf("Validate() = %v, want ErrRules", err)
			}
			_, err = Apply(Table{}, tt.rules)
			if (err == nil) != tt.ok {
				t.Errorf("Apply on an empty table = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestDefaultRules(t *testing.T) {
	t.Parallel()
	want := Rules{Threshold: 10, Rounding: 5, Totals: TotalsFromRounded}
	if got := DefaultRules(); got != want {
		t.Errorf("DefaultRules() = %+v, want %+v (NHS England SDE)", got, want)
	}
}

func TestReleased(t *testing.T) {
	t.Parallel()
	tests := []struct {
		threshold, rounding int
		in, want            int64
	}{
		{10, 5, 0, 0},
		{10, 5, 10, 10},
		{10, 5, 12, 10},
		{10, 5, 13, 15}, // halves round up
		{10, 5, 17, 15},
		{10, 5, 18, 20},
		{10, 5, 1_234_567, 1_234_565},
		{10, 10, 14, 10},
		{10, 10, 15, 20},
		{10, 1, 11, 11},
		{1, 5, 1, 5}, // never 0 for somebody
		{1, 5, 2, 5},
		{1, 5, 8, 10},
		{12, 5, 12, 15}, // never below the threshold
		{12, 5, 17, 15},
		{7, 10, 7, 10},
		{8, 3, 8, 9},
		{1, 1, 1, 1},
		{MaxSetting, MaxSetting, MaxCount, MaxCount/MaxSetting*MaxSetting + MaxSetting},
	}
	for _, tt := range tests {
		r := Rules{Threshold: tt.threshold, Rounding: tt.rounding, Totals: TotalsFromRounded}
		if got := r.released(tt.in); got != tt.want {
			t.Errorf("threshold %d rounding %d: released(%d) = %d, want %d", tt.threshold, tt.rounding, tt.in, got, tt.want)
		}
	}
}

func TestSignificant(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want float64 }{
		{6.136363636363637, 6.14},
		{27.337209302325583, 27.3},
		{0.0681818, 0.0682},
		{123456.7, 123000},
		{-4.555, -4.55}, // the nearest double to -4.555 is just above it
		{5, 5},
		{0, 0},
	}
	for _, tt := range tests {
		if got := significant(tt.in); got != tt.want {
			t.Errorf("significant(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
