package disclosure

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestWithMargins(t *testing.T) {
	t.Parallel()
	cell := func(a, b string, people, events int64, sum, mean float64, n int64) Cell {
		return Cell{Keys: []Key{{Value: a}, {Value: b}}, People: people, Events: events,
			Measures: []Aggregate{{Value: sum, People: n}, {Value: mean, People: n}}}
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
		Cell{Keys: []Key{{Total: true}, {Value: "yes"}}, People: 10, Events: 12, Measures: []Aggregate{{100, 10}, {30, 10}}},
		Cell{Keys: []Key{{Total: true}, {Value: "no"}}, People: 50, Events: 55, Measures: []Aggregate{{110, 48}, {(24*18 + 26*30) / 48.0, 48}}},
		Cell{Keys: []Key{{Value: "F"}, {Total: true}}, People: 30, Events: 37, Measures: []Aggregate{{150, 28}, {(30*10 + 24*18) / 28.0, 28}}},
		Cell{Keys: []Key{{Value: "M"}, {Total: true}}, People: 30, Events: 30, Measures: []Aggregate{{60, 30}, {26, 30}}},
		Cell{Keys: []Key{{Total: true}, {Total: true}}, People: 60, Events: 67, Measures: []Aggregate{{210, 58}, {(30*10 + 24*18 + 26*30) / 58.0, 58}}},
	)
	g, _ := json.Marshal(got.Cells)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("WithMargins cells:\n got %s\nwant %s", g, w)
	}
	if len(in.Cells) != 3 {
		t.Errorf("WithMargins changed its input")
	}
	if _, err := Apply(got, DefaultRules()); err != nil {
		t.Errorf("Apply refuses the margins WithMargins made: %v", err)
	}
}

func TestWithMarginsRefuses(t *testing.T) {
	t.Parallel()
	flat := Table{Dimensions: []string{"d"}, Additive: true, Cells: []Cell{{Keys: []Key{{Value: "a"}}, People: 3}}}
	notAdditive := flat
	notAdditive.Additive = false
	percentile := flat
	percentile.Measures = []Measure{{Name: "median", Kind: KindPercentile}}
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
