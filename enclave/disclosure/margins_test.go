package disclosure

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestWithMargins(t *testing.T) {
	t.Parallel()
	cell := func(a, b string, people, events int64, sum, mean float64, n int64) Cell {
		return Cell{Keys: []Key{{Value: a}, {Value: b}}, People: people, Events: events,
			Measures: []Aggregate{{Value: sum, People: n}, {Value: mean, People: n, Values: n}}}
	}
	in := Table{
		Dimensions: []string{"sex", "smoker"},
		Measures:   []Measure{{Name: "cost", Kind: KindSum}, {Name: "bmi", Kind: KindMean}},
		Events:     true,
		Additive:   true,
		Cells: []Cell{
			cell("F", "yes", 10, 12, 100, 30, 10),
			cell("F", "no", 20, 25, 50, 24, 18),
			cell("M", "no", 30, 30, 60, 26, 30),
		},
	}
	got, err := WithMargins(in)
	if err != nil {
		t.Fatal(err)
	}
	want := append(in.Cells[:3:3],
		Cell{Keys: []Key{{Total: true}, {Value: "yes"}}, People: 10, Events: 12, Measures: []Aggregate{{Value: 100, People: 10}, {Value: 30, People: 10, Values: 10}}},
		Cell{Keys: []Key{{Total: true}, {Value: "no"}}, People: 50, Events: 55, Measures: []Aggregate{{Value: 110, People: 48}, {Value: (24*18 + 26*30) / 48.0, People: 48, Values: 48}}},
		Cell{Keys: []Key{{Value: "F"}, {Total: true}}, People: 30, Events: 37, Measures: []Aggregate{{Value: 150, People: 28}, {Value: (30*10 + 24*18) / 28.0, People: 28, Values: 28}}},
		Cell{Keys: []Key{{Value: "M"}, {Total: true}}, People: 30, Events: 30, Measures: []Aggregate{{Value: 60, People: 30}, {Value: 26, People: 30, Values: 30}}},
		Cell{Keys: []Key{{Total: true}, {Total: true}}, People: 60, Events: 67, Measures: []Aggregate{{Value: 210, People: 58}, {Value: (30*10 + 24*18 + 26*30) / 58.0, People: 58, Values: 58}}},
	)
	g, _ := json.Marshal(got.Cells)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("WithMargins cells:\n got %s\nwant %s", g, w)
	}
	if len(in.Cells) != 3 {
		t.Errorf("WithMargins changed its input")
	}
	if _, err := Apply(context.Background(), got, DefaultRules(), Options{}); err != nil {
		t.Errorf("Apply refuses the margins WithMargins made: %v", err)
	}
}

// TestWithMarginsContributions checks the margins' largest contributions,
// absolute sums and cell keys: the largest of their cells', as many as are
// known, and the sums of theirs (keys modulo 256).
func TestWithMarginsContributions(t *testing.T) {
	t.Parallel()
	agg := func(people int64, top ...float64) []Aggregate {
		var sum float64
		for _, v := range top {
			sum += v
		}
		return []Aggregate{{Value: sum + 1, People: people, Top: top, AbsSum: sum + 1}}
	}
	cell := func(k string, people int64, key uint8, top ...float64) Cell {
		return Cell{Keys: []Key{{Value: k}}, People: people, Measures: agg(people, top...), CellKey: new(key)}
	}
	measures := []Measure{{Name: "cost", Kind: KindSum}}
	tests := []struct {
		name    string
		cells   []Cell
		wantTop []float64
		wantKey *uint8
	}{
		{"all known", []Cell{cell("a", 2, 200, 5, 1), cell("b", 1, 100, 3)}, []float64{5, 3, 1}, new(uint8(44))},
		{"two of each", []Cell{cell("a", 9, 1, 9, 2), cell("b", 9, 2, 4, 3)}, []float64{9, 4}, new(uint8(3))},
		{"one of one", []Cell{cell("a", 9, 1, 9, 2), cell("b", 9, 2, 4)}, []float64{9}, new(uint8(3))},
		{"a cell without a key", []Cell{cell("a", 2, 1, 5, 1), {Keys: []Key{{Value: "b"}}, People: 1, Measures: agg(1, 3)}}, []float64{5, 3, 1}, nil},
		{"an empty cell without a key", []Cell{cell("a", 2, 1, 5, 1), {Keys: []Key{{Value: "b"}}, Measures: agg(0)}}, []float64{5, 1}, new(uint8(1))},
	}
	for _, tt := range tests {
		got, err := WithMargins(Table{Dimensions: []string{"d"}, Measures: measures, Additive: true, Cells: tt.cells})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		m := got.Cells[len(got.Cells)-1]
		var sum float64
		for _, c := range tt.cells {
			sum += c.Measures[0].AbsSum
		}
		if !slices.Equal(m.Measures[0].Top, tt.wantTop) || m.Measures[0].AbsSum != sum {
			t.Errorf("%s: margin top %v, abs_sum %v; want %v, %v", tt.name, m.Measures[0].Top, m.Measures[0].AbsSum, tt.wantTop, sum)
		}
		if (m.CellKey == nil) != (tt.wantKey == nil) || (m.CellKey != nil && *m.CellKey != *tt.wantKey) {
			t.Errorf("%s: margin key %v, want %v", tt.name, m.CellKey, tt.wantKey)
		}
	}
}

func TestWithMarginsRefuses(t *testing.T) {
	t.Parallel()
	flat := Table{Dimensions: []string{"d"}, Additive: true, Cells: []Cell{{Keys: []Key{{Value: "a"}}, People: 3}}}
	notAdditive := flat
	notAdditive.Additive = false
	percentile := flat
	percentile.Measures = []Measure{{Name: "median", Kind: KindPercentile, P: 0.5}}
	percentile.Cells = []Cell{{Keys: []Key{{Value: "a"}}, People: 3, Measures: []Aggregate{{Value: 1, People: 3}}}}
	margins := flat
	margins.Cells = append(margins.Cells, Cell{Keys: []Key{{Total: true}}, People: 3})
	badKeys := flat
	badKeys.Cells = []Cell{{People: 3}}
	for name, table := range map[string]Table{
		"not additive": notAdditive, "percentile": percentile, "has margins": margins, "bad keys": badKeys,
	} {
		if _, err := WithMargins(table); !errors.Is(err, ErrTable) {
			t.Errorf("%s: WithMargins = %v, want ErrTable", name, err)
		}
	}
}

func TestKeyJSON(t *testing.T) {
	t.Parallel()
	keys := []Key{{Value: "F"}, {Total: true}, {Value: ""}, {Value: "null"}}
	data, err := json.Marshal(keys)
	if err != nil {
		t.Fatal(err)
	}
	if want := `["F",null,"","null"]`; string(data) != want {
		t.Errorf("Marshal = %s, want %s", data, want)
	}
	var back []Key
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != len(keys) {
		t.Fatalf("Unmarshal = %v", back)
	}
	for i := range keys {
		if back[i] != keys[i] {
			t.Errorf("key %d = %+v, want %+v", i, back[i], keys[i])
		}
	}
	for _, bad := range []string{`[1]`, `[true]`, `[["a"]]`, `[{"value":"a"}]`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("Unmarshal(%s) accepted a key that is neither a string nor null", bad)
		}
	}
}
