package disclosure

import (
	"context"
	"encoding/json"
	"testing"
)

// TestPerturbationTable checks the properties docs/disclosure.md promises of
// the published table.
func TestPerturbationTable(t *testing.T) {
	t.Parallel()
	p := PerturbationTable()
	for n, row := range p {
		total := 0
		for _, c := range row {
			total += c
		}
		if total != 256 {
			t.Errorf("row %d deals %d keys, want 256", n, total)
		}
	}
	from := map[int64]map[int64]bool{} // released value -> true counts giving it
	for n := range int64(200) {
		var sum, squares int64
		for k := range 256 {
			a := p.Adjustment(n, uint8(k))
			if a < -2 || a > 2 {
				t.Fatalf("Adjustment(%d, %d) = %d, more than 2 either way", n, k, a)
			}
			got := n + a
			if (n == 0 && got != 0) || (n > 0 && got < 3) {
				t.Fatalf("%d with key %d is released as %d: want 0 for 0, else 3 or more", n, k, got)
			}
			sum += a
			squares += a * a
			if from[got] == nil {
				from[got] = map[int64]bool{}
			}
			from[got][n] = true
		}
		if n >= 4 && sum != 0 {
			t.Errorf("adjustments of %d average %v, want 0", n, float64(sum)/256)
		}
		if mean := float64(sum) / 256; float64(squares)/256-mean*mean > 1 {
			t.Errorf("adjustments of %d have a variance above 1", n)
		}
		if n >= 5 && (p.Adjustment(n, 64) != 0 || p.Adjustment(n, 191) != 0) {
			t.Errorf("keys 64 to 191 should leave %d unchanged", n)
		}
	}
	for v := int64(3); v < 190; v++ {
		if len(from[v]) < 3 {
			t.Errorf("a released %d comes from only %d true counts, want at least 3", v, len(from[v]))
		}
	}
}

// TestAdjustmentDealsKeysInOrder checks the reading of a row that the
// documentation gives: keys are dealt to -2, -1, 0, +1, +2 in order.
func TestAdjustmentDealsKeysInOrder(t *testing.T) {
	t.Parallel()
	p := PerturbationTable()
	for _, tt := range []struct {
		n    int64
		key  uint8
		want int64
	}{
		{1, 0, 2}, {1, 255, 2},
		{2, 127, 1}, {2, 128, 2},
		{3, 127, 0}, {3, 128, 1}, {3, 192, 2},
		{4, 79, -1}, {4, 80, 0}, {4, 192, 1}, {4, 240, 2},
		{5, 0, -2}, {5, 19, -2}, {5, 20, -1}, {5, 63, -1}, {5, 64, 0}, {5, 191, 0}, {5, 192, 1}, {5, 235, 1}, {5, 236, 2}, {5, 255, 2},
		{MaxCount, 236, 2},
	} {
		if got := p.Adjustment(tt.n, tt.key); got != tt.want {
			t.Errorf("Adjustment(%d, %d) = %d, want %d", tt.n, tt.key, got, tt.want)
		}
	}
}

// TestCellKeyRepeated checks that repeating a perturbed query gives the same
// release every time, so averaging the answers to many repeats learns
// nothing, and that the same people in another table (a slice of the first)
// get the same release.
func TestCellKeyRepeated(t *testing.T) {
	t.Parallel()
	rules := Rules{Threshold: 1, Rounding: 1, Totals: TotalsIndependent, Mode: ModeCellKey}
	table := Table{Dimensions: []string{"sex"}, Additive: true, Cells: []Cell{
		{Keys: []Key{{Value: "F"}}, People: 2, CellKey: new(uint8(200))},
		{Keys: []Key{{Value: "M"}}, People: 57, CellKey: new(uint8(3))},
	}}
	table, err := WithMargins(table)
	if err != nil {
		t.Fatal(err)
	}
	first, err := Apply(context.Background(), table, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(first)
	var total int64
	for range 100 {
		res, err := Apply(context.Background(), table, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := json.Marshal(res); string(got) != string(want) {
			t.Fatalf("a repeat differs:\n%s\n%s", got, want)
		}
		total += *res.Cells[0].People
	}
	if total != 100**first.Cells[0].People || *first.Cells[0].People == 2 {
		t.Errorf("100 repeats of a cell of 2 average %v, want its one perturbed release, not 2", float64(total)/100)
	}
	slice := Table{Dimensions: []string{"age_band"}, Cells: []Cell{{Keys: []Key{{Value: "all"}}, People: 2, CellKey: new(uint8(200))}}}
	res, err := Apply(context.Background(), slice, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if *res.Cells[0].People != *first.Cells[0].People {
		t.Errorf("the same people in another table are released as %d, then %d", *first.Cells[0].People, *res.Cells[0].People)
	}
}
