package colstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// pid is a pseudonym whose first byte is b and last byte key.
func pid(b, key byte) []byte {
	p := make([]byte, PseudonymSize)
	p[0], p[PseudonymSize-1] = b, key
	return p
}

func build(t testing.TB, rows [][3]string) *Table {
	b := NewBuilder("ds", "rev", []string{"band", "value"})
	for _, r := range rows {
		n, _ := strconv.Atoi(r[0])
		var value []byte
		if r[2] != "" {
			value = []byte(r[2])
		}
		if err := b.Add(pid(byte(n), byte(n)), [][]byte{[]byte(r[1]), value}); err != nil {
			t.Fatal(err)
		}
	}
	return b.Table()
}

// TestTableSortsByPerson: rows come in any order and are held by person,
// in pseudonym order, each person's rows in the order they came.
func TestTableSortsByPerson(t *testing.T) {
	tab := build(t, [][3]string{{"3", "a", "1"}, {"1", "b", "2"}, {"3", "c", "3"}, {"2", "a", ""}})
	if tab.Rows() != 4 || len(tab.People) != 3 || tab.People[0][0] != 1 || tab.People[2][0] != 3 {
		t.Fatalf("%d rows, people %v", tab.Rows(), tab.People)
	}
	band, _ := tab.Column("band")
	var got []string
	for _, c := range band.Codes {
		got = append(got, band.Dict[c])
	}
	if !slices.Equal(got, []string{"b", "a", "a", "c"}) {
		t.Errorf("bands in person order %v", got)
	}
	value, _ := tab.Column("value")
	if value.Codes[1] != 0 {
		t.Errorf("a missing value has code %d, not 0", value.Codes[1])
	}
	if err := NewBuilder("ds", "rev", nil).Add([]byte("short"), nil); err == nil {
		t.Error("a pseudonym of 5 bytes was taken")
	}
}

// TestEvaluateSumsPersonByPerson: a sum's contributions are each person's
// total in the cell, its largest two ranked, the margin counting each
// person once, and the opt-outs and cohort leave people out.
func TestEvaluateSumsPersonByPerson(t *testing.T) {
	tab := build(t, [][3]string{{"1", "a", "5"}, {"1", "a", "7"}, {"2", "a", "3"}, {"2", "b", "4"}, {"3", "b", "100"}, {"4", "a", "9"}})
	band, _ := tab.Column("band")
	value, _ := tab.Column("value")
	dim := Dim{Column: band, Label: make([]int32, len(band.Dict)), Labels: []string{"a", "b"}, Rank: []int32{1, 2}}
	for code, text := range band.Dict {
		dim.Label[code] = int32(slices.Index(dim.Labels, text))
	}
	values := make([]float64, len(value.Dict))
	for code, text := range value.Dict[1:] {
		values[code+1], _ = strconv.ParseFloat(text, 64)
	}
	p := &Plan{Sources: []Source{{Table: tab}}, Dims: []Dim{dim}, Measured: 0, Totals: true,
		Permitted: []bool{true, true, true, false}, // person 4 opted out
		Measures:  []Measure{{Kind: Sum, Column: value, Value: values, NoiseByte: 8}},
		Needs:     Needs{Top: 2, Members: true, CellKeys: true}}
	cells, err := Evaluate(context.Background(), p, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(cells))
	for i, c := range cells {
		got[i] = fmt.Sprintf("%+v people %d contributors %d top %v abs %v key %d members %d", c.Keys, c.People,
			c.Measures[0].People, c.Measures[0].Top, c.Measures[0].AbsSum, *c.CellKey, len(c.Members))
	}
	want := []string{
		"[a] people 2 contributors 2 top [12 3] abs 15 key 3 members 2",
		"[b] people 2 contributors 2 top [100 4] abs 104 key 5 members 2",
		"[(total)] people 3 contributors 3 top [100 12] abs 119 key 6 members 3",
	}
	if !slices.Equal(got, want) {
		t.Errorf("cells\n%s\nwant\n%s", got, want)
	}
	if _, err := Evaluate(context.Background(), p, 2); err != ErrTooManyCells {
		t.Errorf("3 cells under a limit of 2: %v", err)
	}
}

// TestPercentileAsPostgreSQL: percentile_cont interpolates between the
// ranked values, and the sides count people by their smallest and largest.
func TestPercentileAsPostgreSQL(t *testing.T) {
	v, s := percentile([]float64{4, 1, 3, 2}, 0.5, [][2]float64{{1, 2}, {3, 4}})
	if v != 2.5 || s.Below != 1 || s.Above != 1 {
		t.Errorf("median %v sides %+v, want 2.5 and 1, 1", v, *s)
	}
	if v, _ := percentile([]float64{10, 20, 30}, 0.9, nil); v != 28 {
		t.Errorf("p90 of 10, 20, 30 is %v, want 28", v)
	}
	if v, s := percentile(nil, 0.5, nil); v != 0 || *s != (disclosure.Sides{}) {
		t.Errorf("no values: %v %+v", v, s)
	}
}

// TestPermittedAndMatch: deny lists leave their people out, allow lists
// keep only theirs, and the join finds each person in the other table.
func TestPermittedAndMatch(t *testing.T) {
	base := build(t, [][3]string{{"1", "a", ""}, {"2", "a", ""}, {"3", "a", ""}})
	other := build(t, [][3]string{{"2", "a", ""}, {"3", "a", ""}, {"4", "a", ""}})
	if m := Match(base, other); !slices.Equal(m, []int32{-1, 0, 1}) {
		t.Errorf("match %v", m)
	}
	deny := List{People: []Pseudonym{Pseudonym(pid(2, 2))}, Deny: true}
	allow := List{People: []Pseudonym{Pseudonym(pid(1, 1)), Pseudonym(pid(2, 2))}}
	if got := Permitted(base, []List{deny, allow}); !slices.Equal(got, []bool{true, false, false}) {
		t.Errorf("permitted %v", got)
	}
}

// TestEvaluateStopsAtItsDeadline: an answer from memory ends with the
// query's context, as a statement ends at its timeout.
func TestEvaluateStopsAtItsDeadline(t *testing.T) {
	tab := build(t, [][3]string{{"1", "a", "5"}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := &Plan{Sources: []Source{{Table: tab}}, Measured: -1}
	if _, err := Evaluate(ctx, p, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled query gave %v", err)
	}
	wide := &Plan{Sources: []Source{{Table: tab}}, Measured: -1}
	for range 5 {
		wide.Dims = append(wide.Dims, Dim{Labels: make([]string, 1<<16)})
	}
	if wide.Fits() {
		t.Error("five dimensions of 65,536 labels fit a cell id")
	}
}
