package disclosure

import (
	"context"
	"errors"
	"strings"
	"testing"
)

const pid = "p1.3f0c2d6be4a1978f5c0e2b4d6a8f1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d2f46"

func TestLeakIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Rule
	}{
		{"9434765919", RuleLeakNHSNumber},
		{"943 476 5919", RuleLeakNHSNumber},
		{"943-476-5919", RuleLeakNHSNumber},
		{"9990000018", RuleLeakNHSNumber}, // the 999 range passes the check
		{"NHS no. 9434765919.", RuleLeakNHSNumber},
		{" 9434765919 ", RuleLeakNHSNumber},
		{"x943 476 5919y", RuleLeakNHSNumber},
		{"9434765918", ""},   // wrong check digit
		{"94347659190", ""},  // eleven digits
		{"19434765919", ""},  // inside a longer number
		{"943476591", ""},    // nine digits
		{"0000000000", ""},   // never issued
		{"943 476-5919", ""}, // mixed separators
		{"9991234560", ""},   // check digit would be 10
		{"2024-01-01", ""},   // a date
		{"J45.9", ""},        // an ICD-10 code
		{"", ""},             // the empty category
		{pid, RuleLeakPseudonym},
		{"dev1." + pid[3:], RuleLeakPseudonym},
		{strings.ToUpper(pid), RuleLeakPseudonym},
		{`\x` + pid[3:], RuleLeakPseudonym}, // a bytea column
		{"pid " + pid + " x", RuleLeakPseudonym},
		{pid[:len(pid)-1], ""}, // 63 hex digits
		{"3f0c2d6be4a1978f-5c0e2b4d6a8f1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d2f46", ""},
	}
	for _, tt := range tests {
		if got := leakIn(tt.in); got != tt.want {
			t.Errorf("leakIn(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNHSNumberValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want bool
	}{
		{9434765919, true},
		{-9434765919, true},
		{9434765919.5, true}, // JSON writes the digits before the point
		{9990000018, true},
		{9434765918, false},
		{0.9434765919, false}, // digits after the point are left alone
		{943476591.9, false},
		{94347659190, false},
		{1e21, false},
		{0, false},
	}
	for _, tt := range tests {
		if got := nhsNumber(tt.in); got != tt.want {
			t.Errorf("nhsNumber(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestApplyLeaks checks every place a leak is looked for, and that the error
// names the place but never the value.
func TestApplyLeaks(t *testing.T) {
	t.Parallel()
	open := Rules{Threshold: 1, Rounding: 1, Totals: TotalsIndependent}
	base := func() Table {
		return Table{
			Dimensions: []string{"sex"},
			Measures:   []Measure{{Name: "age_sum", Kind: KindSum}},
			Events:     true,
			Additive:   true,
			Cells: []Cell{
				{Keys: []Key{{Value: "F"}}, People: 20, Events: 30, Measures: []Aggregate{{Value: 800, People: 20}}},
				{Keys: []Key{{Value: "M"}}, People: 25, Events: 25, Measures: []Aggregate{{Value: 900, People: 25}}},
			},
		}
	}
	tests := []struct {
		name  string
		edit  func(*Table)
		rule  Rule
		where string
	}{
		{"dimension name", func(t *Table) { t.Dimensions[0] = "9434765919" }, RuleLeakNHSNumber, "dimension 0"},
		{"measure name", func(t *Table) { t.Measures[0].Name = pid }, RuleLeakPseudonym, "measure 0"},
		{"key", func(t *Table) { t.Cells[1].Keys[0].Value = "943 476 5919" }, RuleLeakNHSNumber, "cell 1 key 0"},
		{"pseudonym key", func(t *Table) { t.Cells[0].Keys[0].Value = pid }, RuleLeakPseudonym, "cell 0 key 0"},
		{"people", func(t *Table) { t.Cells[1].People, t.Cells[1].Events = 9434765919, 9434765920 }, RuleLeakNHSNumber, "cell 1 people"},
		{"events", func(t *Table) { t.Cells[0].Events = 9434765919 }, RuleLeakNHSNumber, "cell 0 events"},
		{"measure", func(t *Table) { t.Cells[1].Measures[0].Value = 9404000000 }, RuleLeakNHSNumber, "cell 1 measure 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			table := base()
			tt.edit(&table)
			_, err := Apply(context.Background(), table, open, Options{})
			var leak *LeakError
			if !errors.As(err, &leak) {
				t.Fatalf("Apply = %v, want a *LeakError", err)
			}
			if leak.Rule != tt.rule || leak.Where != tt.where {
				t.Errorf("leak %s in %q, want %s in %q", leak.Rule, leak.Where, tt.rule, tt.where)
			}
			for _, secret := range []string{"9434765919", "943 476 5919", pid[3:]} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error %q contains the value", err)
				}
			}
		})
	}
	if _, err := Apply(context.Background(), base(), open, Options{}); err != nil {
		t.Errorf("Apply on the clean table = %v", err)
	}
}

// TestLeakHiddenValue checks that a value nobody sees is not a leak: the
// measure of a hidden cell is never output.
func TestLeakHiddenValue(t *testing.T) {
	t.Parallel()
	table := Table{
		Dimensions: []string{"sex"},
		Measures:   []Measure{{Name: "x", Kind: KindSum}},
		Cells: []Cell{
			{Keys: []Key{{Value: "F"}}, People: 1, Measures: []Aggregate{{Value: 9434765919, People: 1}}},
		},
	}
	res, err := Apply(context.Background(), table, DefaultRules(), Options{})
	if err != nil {
		t.Fatalf("Apply = %v", err)
	}
	if res.Cells[0].Suppressed != RulePrimary {
		t.Errorf("cell 0 = %+v, want it hidden", res.Cells[0])
	}
}
