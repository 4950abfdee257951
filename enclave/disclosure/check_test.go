package disclosure

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"testing"
)

// square returns the keys of an r×c table with every margin, interior cells
// first (row-major), then column totals, row totals and the grand total, as
// WithMargins orders them, and the index of interior cell (i, j).
func square(rows, cols int) (keys [][]Key, at func(i, j int) int) {
	for i := range rows {
		for j := range cols {
			keys = append(keys, []Key{{Value: fmt.Sprint("r", i)}, {Value: fmt.Sprint("c", j)}})
		}
	}
	for j := range cols {
		keys = append(keys, []Key{{Total: true}, {Value: fmt.Sprint("c", j)}})
	}
	for i := range rows {
		keys = append(keys, []Key{{Value: fmt.Sprint("r", i)}, {Total: true}})
	}
	keys = append(keys, []Key{{Total: true}, {Total: true}})
	return keys, func(i, j int) int { return i*cols + j }
}

func TestDetermined(t *testing.T) {
	t.Parallel()
	keys, at := square(4, 4)
	n := len(keys)
	rowTotal := func(i int) int { return 16 + 4 + i }
	tests := []struct {
		name      string
		hidden    []int
		sensitive []int
		want      []int
	}{
		{"one cell: its row gives it away", []int{at(0, 0)}, []int{at(0, 0)}, []int{at(0, 0)}},
		{"two in a row: the columns give them away", []int{at(0, 0), at(0, 1)}, []int{at(0, 0)}, []int{at(0, 0)}},
		{"a rectangle is safe", []int{at(0, 0), at(0, 1), at(1, 0), at(1, 1)}, []int{at(0, 0)}, nil},
		{"a cycle of six is safe", []int{at(0, 0), at(0, 1), at(1, 1), at(1, 2), at(2, 2), at(2, 0)}, []int{at(0, 0)}, nil},
		// Two rectangles joined by one cell: every row and column holds
		// two hidden cells or none, yet rows 0-1 minus columns 0-1 leave
		// the joining cell alone.
		{"a bridge between two rectangles", []int{
			at(0, 0), at(0, 1), at(1, 0), at(1, 1),
			at(2, 2), at(2, 3), at(3, 2), at(3, 3),
			at(1, 2),
		}, []int{at(1, 2), at(0, 0)}, []int{at(1, 2)}},
		{"a cell with its row total", []int{at(0, 0), rowTotal(0)}, []int{at(0, 0)}, []int{at(0, 0)}},
		{"a cell with its row and column totals and the grand total", []int{at(0, 0), rowTotal(0), 16, n - 1}, []int{at(0, 0)}, nil},
		{"only sensitive cells are reported", []int{at(3, 3)}, nil, nil},
	}
	g, err := newGrid(2, keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hidden, sensitive := make([]bool, n), make([]bool, n)
			for _, c := range tt.hidden {
				hidden[c] = true
			}
			for _, c := range tt.sensitive {
				sensitive[c] = true
			}
			if got := determined(g.rels, hidden, sensitive); !slices.Equal(got, tt.want) {
				t.Errorf("determined = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestProtectBridge starts from the bridge pattern, which the heuristic alone
// accepts, and checks that the exact check makes protect hide more.
func TestProtectBridge(t *testing.T) {
	t.Parallel()
	keys, at := square(4, 4)
	g, err := newGrid(2, keys)
	if err != nil {
		t.Fatal(err)
	}
	n := len(keys)
	hidden, sensitive, size := make([]bool, n), make([]bool, n), make([]int64, n)
	for i := range size {
		size[i] = 50
	}
	for _, c := range []int{at(0, 0), at(0, 1), at(1, 0), at(1, 1), at(2, 2), at(2, 3), at(3, 2), at(3, 3), at(1, 2)} {
		hidden[c] = true
	}
	sensitive[at(1, 2)] = true
	p := newProtector(g, hidden, size)
	added, err := protect(context.Background(), p, func(_ context.Context, hidden []bool) ([]int, error) {
		return determined(g.rels, hidden, sensitive), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(added) == 0 {
		t.Fatal("protect hid nothing more: the bridge cell stays derivable")
	}
	if det := determined(g.rels, hidden, sensitive); len(det) > 0 {
		t.Errorf("after protect, %v still determined", det)
	}
}

// TestReduce checks the elimination where the coefficients are not ±1.
func TestReduce(t *testing.T) {
	t.Parallel()
	rat := func(vs ...int64) []big.Rat {
		row := make([]big.Rat, len(vs))
		for i, v := range vs {
			row[i].SetInt64(v)
		}
		return row
	}
	tests := []struct {
		name string
		rows [][]big.Rat
		want []int
	}{
		{"2x+y, x+y fix both", [][]big.Rat{rat(2, 1, 0), rat(1, 1, 0)}, []int{0, 1}},
		{"3x+3y fixes neither", [][]big.Rat{rat(3, 3, 0)}, nil},
		{"x-y, y-z, x-z fix nothing", [][]big.Rat{rat(1, -1, 0), rat(0, 1, -1), rat(1, 0, -1)}, nil},
		{"x+y+z, y+z, z fix all", [][]big.Rat{rat(1, 1, 1), rat(0, 1, 1), rat(0, 0, 1)}, []int{0, 1, 2}},
		{"3y fixes y only", [][]big.Rat{rat(0, 3, 0), rat(1, 0, 1)}, []int{1}},
		{"no rows", nil, nil},
	}
	for _, tt := range tests {
		if got := reduce(tt.rows, 3); !slices.Equal(got, tt.want) {
			t.Errorf("%s: reduce = %v, want %v", tt.name, got, tt.want)
		}
	}
}
