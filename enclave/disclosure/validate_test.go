package disclosure

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// secretKey is a key value that must never appear in an error.
const secretKey = "secret-category"

func TestApplyRefusesBadTables(t *testing.T) {
	t.Parallel()
	k := func(vs ...string) []Key {
		keys := make([]Key, len(vs))
		for i, v := range vs {
			if v == "*" {
				keys[i] = Key{Total: true}
			} else {
				keys[i] = Key{Value: v}
			}
		}
		return keys
	}
	one := func(c Cell) Table { return Table{Dimensions: []string{"d"}, Cells: []Cell{c}} }
	sumTable := func(a Aggregate) Table {
		return Table{Dimensions: []string{"d"}, Measures: []Measure{{Name: "m", Kind: KindSum}},
			Cells: []Cell{{Keys: k(secretKey), People: 12, Measures: []Aggregate{a}}}}
	}
	tests := []struct {
		name  string
		table Table
		want  string
	}{
		{"too few keys", Table{Dimensions: []string{"a", "b"}, Cells: []Cell{{Keys: k(secretKey), People: 12}}}, "cell 0 has 1 keys for 2 dimensions"},
		{"same keys twice", Table{Dimensions: []string{"d"}, Cells: []Cell{{Keys: k(secretKey), People: 12}, {Keys: k(secretKey), People: 14}}}, "cells 0 and 1 have the same keys"},
		{"total with a value", one(Cell{Keys: []Key{{Value: secretKey, Total: true}}}), "cell 0 key 0 is a total with a value"},
		{"negative count", one(Cell{Keys: k(secretKey), People: -1}), "counts must be between 0"},
		{"count too large", one(Cell{Keys: k(secretKey), People: MaxCount + 1}), "counts must be between 0"},
		{"events in a table without", one(Cell{Keys: k(secretKey), People: 12, Events: 12}), "events counted but the table has none"},
		{"fewer events than people", Table{Dimensions: []string{"d"}, Events: true, Cells: []Cell{{Keys: k(secretKey), People: 12, Events: 11}}}, "events must be at least people"},
		{"events without people", Table{Dimensions: []string{"d"}, Events: true, Cells: []Cell{{Keys: k(secretKey), Events: 3}}}, "events must be at least people"},
		{"missing measure", Table{Dimensions: []string{"d"}, Measures: []Measure{{Name: "m", Kind: KindSum}}, Cells: []Cell{{Keys: k(secretKey), People: 12}}}, "0 measures for 1"},
		{"NaN measure", Table{Dimensions: []string{"d"}, Measures: []Measure{{Name: "m", Kind: KindMean}}, Cells: []Cell{{Keys: k(secretKey), People: 12, Measures: []Aggregate{{Value: nan(), People: 12}}}}}, "measure 0 is not a finite number"},
		{"more contributors than people", Table{Dimensions: []string{"d"}, Measures: []Measure{{Name: "m", Kind: KindMean}}, Cells: []Cell{{Keys: k(secretKey), People: 12, Measures: []Aggregate{{Value: 1, People: 13}}}}}, "more contributors than the cell has people"},
		{"top unsorted", sumTable(Aggregate{Value: 30, People: 12, Top: []float64{3, 4}, AbsSum: 30}), "top contributions must be finite absolute values, largest first"},
		{"top negative", sumTable(Aggregate{Value: -30, People: 12, Top: []float64{-3}, AbsSum: 30}), "top contributions must be finite absolute values"},
		{"top NaN", sumTable(Aggregate{Value: 30, People: 12, Top: []float64{nan()}, AbsSum: 30}), "top contributions must be finite absolute values"},
		{"more top than contributors", sumTable(Aggregate{Value: 30, People: 1, Top: []float64{20, 10}, AbsSum: 30}), "more top contributions than contributors"},
		{"top over abs_sum", sumTable(Aggregate{Value: 30, People: 12, Top: []float64{20, 11}, AbsSum: 30}), "top contributions add up to more than abs_sum"},
		{"negative abs_sum", sumTable(Aggregate{Value: 30, People: 12, AbsSum: -1}), "abs_sum must be a finite number of 0 or more"},
		{"unknown measure kind", Table{Dimensions: []string{"d"}, Measures: []Measure{{Name: "m", Kind: "max"}}}, `measure 0 has kind "max"`},
		{"margins without cells", Table{Dimensions: []string{"d"}, Cells: []Cell{{Keys: k("*"), People: 12}}}, "must hold the cells beneath them"},
		{"margin over nothing", Table{Dimensions: []string{"a", "b"}, Cells: []Cell{{Keys: k("x", "y"), People: 12}, {Keys: k(secretKey, "*"), People: 12}}}, "cell 1: a margin counts people but no cells beneath it do"},
		{"additive margin not the sum", Table{Dimensions: []string{"d"}, Additive: true, Cells: []Cell{{Keys: k(secretKey), People: 12}, {Keys: k("b"), People: 20}, {Keys: k("*"), People: 31}}}, "cell 2: the table is additive but this margin is not the sum"},
		{"too many dimensions", Table{Dimensions: make([]string, MaxDimensions+1)}, "9 dimensions, at most 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Apply(context.Background(), tt.table, DefaultRules(), Options{})
			if !errors.Is(err, ErrTable) {
				t.Fatalf("Apply = %v, want ErrTable", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Apply = %q, want it to say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secretKey) {
				t.Errorf("the error %q names a category", err)
			}
		})
	}
}

// TestNonAdditiveMarginsNeedNotAdd checks that a margin of distinct people
// smaller than the sum of its cells is accepted when the table says so.
func TestNonAdditiveMarginsNeedNotAdd(t *testing.T) {
	t.Parallel()
	table := Table{Dimensions: []string{"diagnosis"}, Cells: []Cell{
		{Keys: []Key{{Value: "J45"}}, People: 40},
		{Keys: []Key{{Value: "I10"}}, People: 55},
		{Keys: []Key{{Total: true}}, People: 80},
	}}
	res, err := Apply(context.Background(), table, DefaultRules(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Totals != TotalsIndependent || *res.Cells[2].People != 80 {
		t.Errorf("totals %s, total %v; want independent and 80", res.Totals, *res.Cells[2].People)
	}
	table.Additive = true
	if _, err := Apply(context.Background(), table, DefaultRules(), Options{}); !errors.Is(err, ErrTable) {
		t.Errorf("Apply with Additive = %v, want ErrTable", err)
	}
}
