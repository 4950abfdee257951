package disclosure

import (
	"context"
	"errors"
	"math"
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
		{"mode base", Rules{Threshold: 10, Rounding: 5, Totals: TotalsFromRounded, Mode: ModeBase}, true},
		{"midpoint6", Rules{Threshold: 1, Rounding: 1, Totals: TotalsFromRounded, Mode: ModeMidpoint6}, true},
		{"midpoint6 with a base", Rules{Threshold: 10, Rounding: 5, Totals: TotalsFromRounded, Mode: ModeMidpoint6}, false},
		{"cell key", Rules{Threshold: 10, Rounding: 1, Totals: TotalsIndependent, Mode: ModeCellKey}, true},
		{"cell key with a base", Rules{Threshold: 10, Rounding: 10, Totals: TotalsIndependent, Mode: ModeCellKey}, false},
		{"unknown mode", Rules{Threshold: 10, Rounding: 1, Totals: TotalsFromRounded, Mode: "midpoint-6"}, false},
		{"magnitude defaults", withMagnitude(Magnitude{}), true},
		{"dominance n 1", withMagnitude(Magnitude{Dominance: &Dominance{N: 1, K: 0.5}}), true},
		{"dominance n MaxTop", withMagnitude(Magnitude{Dominance: &Dominance{N: MaxTop, K: 0.99}}), true},
		{"dominance n 0", withMagnitude(Magnitude{Dominance: &Dominance{N: 0, K: 0.9}}), false},
		{"dominance n above MaxTop", withMagnitude(Magnitude{Dominance: &Dominance{N: MaxTop + 1, K: 0.9}}), false},
		{"dominance k 0", withMagnitude(Magnitude{Dominance: &Dominance{N: 2, K: 0}}), false},
		{"dominance k 1", withMagnitude(Magnitude{Dominance: &Dominance{N: 2, K: 1}}), false},
		{"dominance k 90 (a percentage)", withMagnitude(Magnitude{Dominance: &Dominance{N: 2, K: 90}}), false},
		{"dominance k NaN", withMagnitude(Magnitude{Dominance: &Dominance{N: 2, K: math.NaN()}}), false},
		{"p 1", withMagnitude(Magnitude{PPercent: new(1.0)}), true},
		{"p 0", withMagnitude(Magnitude{PPercent: new(0.0)}), false},
		{"p 10 (a percentage)", withMagnitude(Magnitude{PPercent: new(10.0)}), false},
		{"p NaN", withMagnitude(Magnitude{PPercent: new(math.NaN())}), false},
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
			_, err = Apply(context.Background(), Table{}, tt.rules, Options{})
			if (err == nil) != tt.ok {
				t.Errorf("Apply on an empty table = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

// withMagnitude returns the default rules with m, or ACRO's magnitude rules
// when m is empty.
func withMagnitude(m Magnitude) Rules {
	r := DefaultRules()
	r.Magnitude = m
	if m == (Magnitude{}) {
		r.Magnitude = DefaultMagnitude()
	}
	return r
}

func TestDefaultMagnitude(t *testing.T) {
	t.Parallel()
	m := DefaultMagnitude()
	if m.Dominance == nil || *m.Dominance != (Dominance{N: 2, K: 0.9}) || m.PPercent == nil || *m.PPercent != 0.1 {
		t.Errorf("DefaultMagnitude() = %+v, want ACRO's (2, 90%%) dominance and 10%% rule", m)
	}
	if DefaultMagnitude().Dominance == m.Dominance {
		t.Error("DefaultMagnitude shares its rules between calls")
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
		if got := r.released(tt.in, 0); got != tt.want {
			t.Errorf("threshold %d rounding %d: released(%d) = %d, want %d", tt.threshold, tt.rounding, tt.in, got, tt.want)
		}
	}
}

func TestReleasedModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode      Mode
		threshold int
		in        int64
		key       uint8
		want      int64
	}{
		{ModeMidpoint6, 1, 0, 0, 0},
		{ModeMidpoint6, 1, 1, 0, 3},
		{ModeMidpoint6, 1, 6, 0, 3},
		{ModeMidpoint6, 1, 7, 0, 9},
		{ModeMidpoint6, 1, 12, 0, 9},
		{ModeMidpoint6, 1, 13, 0, 15},
		{ModeMidpoint6, 1, 1_000_000, 0, 999_999},
		{ModeMidpoint6, 7, 7, 0, 9},
		{ModeMidpoint6, 10, 10, 0, 15}, // never below the threshold
		{ModeMidpoint6, 10, 12, 0, 15},
		{ModeMidpoint6, 10, 13, 0, 15},
		{ModeMidpoint6, 9, 9, 0, 9},
		{ModeMidpoint6, 4, 4, 0, 9},
		{ModeCellKey, 1, 0, 200, 0},
		{ModeCellKey, 1, 1, 0, 3},
		{ModeCellKey, 1, 2, 127, 3},
		{ModeCellKey, 1, 2, 128, 4},
		{ModeCellKey, 1, 4, 79, 3},
		{ModeCellKey, 1, 4, 80, 4},
		{ModeCellKey, 1, 100, 19, 98},
		{ModeCellKey, 1, 100, 20, 99},
		{ModeCellKey, 1, 100, 64, 100},
		{ModeCellKey, 1, 100, 192, 101},
		{ModeCellKey, 1, 100, 255, 102},
		{ModeCellKey, 10, 10, 0, 10}, // 8, but never below the threshold
		{ModeCellKey, 10, 11, 0, 10},
		{ModeCellKey, 10, 10, 255, 12},
	}
	for _, tt := range tests {
		r := Rules{Threshold: tt.threshold, Rounding: 1, Totals: TotalsFromRounded, Mode: tt.mode}
		if got := r.released(tt.in, tt.key); got != tt.want {
			t.Errorf("%s threshold %d: released(%d, key %d) = %d, want %d", tt.mode, tt.threshold, tt.in, tt.key, got, tt.want)
		}
	}
}

// TestMidpoint6Property checks midpoint-6 on every count to 10,000 under
// thresholds 1 to 30: 0 stays 0, every other count becomes some 6k+3 at
// least the threshold and at most 3 below the count, and a larger count never
// gets a smaller release.
func TestMidpoint6Property(t *testing.T) {
	t.Parallel()
	for thr := 1; thr <= 30; thr++ {
		r := Rules{Threshold: thr, Rounding: 1, Totals: TotalsFromRounded, Mode: ModeMidpoint6}
		prev := int64(0)
		for n := int64(0); n <= 10_000; n++ {
			got := r.released(n, 0)
			switch {
			case n == 0 && got != 0:
				t.Fatalf("threshold %d: 0 released as %d", thr, got)
			case n > 0 && (got%6 != 3 || got < int64(thr) || got < n-3 || got < prev):
				t.Fatalf("threshold %d: %d released as %d (after %d)", thr, n, got, prev)
			}
			prev = got
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
		if got := significant(tt.in, MeasureFigures); got != tt.want {
			t.Errorf("significant(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
