package lp

import (
	"context"
	"math/rand/v2"
	"testing"
)

// interval is what the attacker learns about one hidden cell.
type interval struct{ lo, hi float64 }

// attack returns each hidden cell's interval, solving min and max of every
// variable on one Solver in turn.
func attack(t testing.TB, p Problem) []interval {
	t.Helper()
	s, err := New(context.Background(), p, Limits{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	got := make([]interval, len(p.Lower))
	for j := range got {
		for _, max := range []bool{false, true} {
			v, x, err := s.Optimize(context.Background(), unit(len(p.Lower), j), max)
			if err != nil {
				t.Fatalf("Optimize variable %d max %t: %v", j, max, err)
			}
			if err := feasible(p, x, 1e-9); err != nil {
				t.Fatalf("variable %d max %t: optimal point: %v", j, max, err)
			}
			if max {
				got[j].hi = v
			} else {
				got[j].lo = v
			}
		}
	}
	return got
}

// table2D returns the 3×3 table of the attacker tests, with its margins:
//
//	 5  20  30 |  55
//	 3  40  12 |  55
//	25  15   8 |  48
//	33  75  50 | 158
func table2D() grid {
	v := [][]float64{{5, 20, 30}, {3, 40, 12}, {25, 15, 8}}
	return newGrid([]int{3, 3}, func(c []int) float64 { return v[c[0]][c[1]] })
}

func TestAttacker2D(t *testing.T) {
	t.Parallel()
	g := table2D()
	at := func(i, j int) int { return g.index([]int{i, j}) }
	tests := []struct {
		name   string
		hidden []int
		want   []interval // per hidden cell, in cell order
	}{
		// x00 = s, x01 = 25-s, x10 = 8-s, x11 = 35+s; x10 ≥ 0 caps s at 8.
		{"a rectangle", []int{at(0, 0), at(0, 1), at(1, 0), at(1, 1)},
			[]interval{{0, 8}, {17, 25}, {0, 8}, {35, 43}}},
		// x10 = s, x12 = 15-s, x20 = 28-s, x22 = 5+s; x22 ≤ 9 caps s at 4.
		{"a rectangle where a small count's bound binds", []int{at(1, 0), at(1, 2), at(2, 0), at(2, 2)},
			[]interval{{0, 4}, {11, 15}, {24, 28}, {5, 9}}},
		// x00 = s, R0 = 50+s, x20 = 30-s, R2 = 53-s; x00 ≤ 9 caps s.
		{"two cells and their row totals", []int{at(0, 0), at(0, 3), at(2, 0), at(2, 3)},
			[]interval{{0, 9}, {50, 59}, {21, 30}, {44, 53}}},
		{"a cell alone in its row is exact", []int{at(2, 2)}, []interval{{8, 8}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hidden := make([]bool, len(g.value))
			for _, c := range tt.hidden {
				hidden[c] = true
			}
			p, _ := g.attacker(hidden)
			got := attack(t, p)
			for k, w := range tt.want {
				if !close(got[k].lo, w.lo, 1e-12) || !close(got[k].hi, w.hi, 1e-12) {
					t.Errorf("hidden cell %d: interval = %v, want %v", k, got[k], w)
				}
			}
		})
	}
}

// TestAttacker3D hides the cube {0,1}³ of a 3×3×3 table with every margin.
// Every line through the cube meets it in one even and one odd cell (by the
// parity of i+j+k), so the cells can move together, even ones up by s and
// odd ones down by s; the bounds give s ∈ [-2, 5].
func TestAttacker3D(t *testing.T) {
	t.Parallel()
	cube := map[[3]int]float64{
		{0, 0, 0}: 4, {1, 1, 0}: 30, {1, 0, 1}: 12, {0, 1, 1}: 50,
		{1, 0, 0}: 20, {0, 1, 0}: 7, {0, 0, 1}: 15, {1, 1, 1}: 40,
	}
	want := map[[3]int]interval{
		{0, 0, 0}: {2, 9}, {1, 1, 0}: {28, 35}, {1, 0, 1}: {10, 17}, {0, 1, 1}: {48, 55},
		{1, 0, 0}: {15, 22}, {0, 1, 0}: {2, 9}, {0, 0, 1}: {10, 17}, {1, 1, 1}: {35, 42},
	}
	g := newGrid([]int{3, 3, 3}, func(c []int) float64 {
		if v, ok := cube[[3]int{c[0], c[1], c[2]}]; ok {
			return v
		}
		return float64(100 + c[0] + 2*c[1] + 3*c[2])
	})
	hidden := make([]bool, len(g.value))
	for c := range cube {
		hidden[g.index(c[:])] = true
	}
	p, vars := g.attacker(hidden)
	got := attack(t, p)
	coords := make([]int, 3)
	for k, cell := range vars {
		g.coords(cell, coords)
		key := [3]int{coords[0], coords[1], coords[2]}
		if w := want[key]; !close(got[k].lo, w.lo, 1e-9) || !close(got[k].hi, w.hi, 1e-9) {
			t.Errorf("cell %v: interval = %v, want %v", key, got[k], w)
		}
	}
}

// randomTable returns a table with every margin, a fifth of its interior
// counts small, and a share of its cells hidden at random (the grand total
// never, so that every hidden cell is bounded).
func randomTable(rng *rand.Rand, sizes []int, share float64) (grid, []bool) {
	g := newGrid(sizes, func([]int) float64 {
		if rng.IntN(5) == 0 {
			return float64(1 + rng.IntN(9))
		}
		return float64(10 + rng.IntN(200))
	})
	hidden := make([]bool, len(g.value))
	for c := range len(g.value) - 1 {
		hidden[c] = rng.Float64() < share
	}
	return g, hidden
}

// TestWarmStart checks that a sequence of objectives on one Solver, each
// starting from the last one's basis, gives the answers a fresh Solver gives
// for each, and that each interval holds the true value.
func TestWarmStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		sizes []int
		share float64
	}{
		{"6×6", []int{6, 6}, 0.3},
		{"12×9", []int{12, 9}, 0.2},
		{"4×4×4", []int{4, 4, 4}, 0.25},
		{"3×3×3×3", []int{3, 3, 3, 3}, 0.3},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, hidden := randomTable(rand.New(rand.NewPCG(uint64(i), 7)), tt.sizes, tt.share)
			p, vars := g.attacker(hidden)
			warm := attack(t, p)
			n := len(p.Lower)
			for j := range n {
				if v := g.value[vars[j]]; warm[j].lo > v || warm[j].hi < v {
					t.Errorf("variable %d: interval %v misses the true value %v", j, warm[j], v)
				}
				for _, max := range []bool{false, true} {
					s, err := New(context.Background(), p, Limits{})
					if err != nil {
						t.Fatalf("New: %v", err)
					}
					want, _, err := s.Optimize(context.Background(), unit(n, j), max)
					if err != nil {
						t.Fatalf("fresh Optimize variable %d: %v", j, err)
					}
					got := warm[j].lo
					if max {
						got = warm[j].hi
					}
					if !close(got, want, 1e-9) {
						t.Errorf("variable %d max %t: warm = %v, fresh = %v", j, max, got, want)
					}
				}
			}
		})
	}
}

// TestLargeCounts scales the rectangle of TestAttacker2D up to counts near
// 1e12 and 2^53, where a float64's last place is 1e-4 and 1: the relations
// of a two-dimensional table are totally unimodular, so the intervals come
// out exact.
func TestLargeCounts(t *testing.T) {
	t.Parallel()
	base := table2D()
	tests := []struct {
		name  string
		scale float64
	}{
		{"1e11", 1e11},
		{"2^45, sums near 2^53", 1 << 45},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := grid{sizes: base.sizes, value: make([]float64, len(base.value))}
			for c, v := range base.value {
				g.value[c] = v * tt.scale
			}
			hidden := make([]bool, len(g.value))
			for _, c := range [][]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
				hidden[g.index(c)] = true
			}
			p, _ := g.attacker(hidden)
			got := attack(t, p)
			// x00 = s, x01 = 25K-s, x10 = 8K-s, x11 = 35K+s, all at least 10.
			k := tt.scale
			want := []interval{{10, 8*k - 10}, {17*k + 10, 25*k - 10}, {10, 8*k - 10}, {35*k + 10, 43*k - 10}}
			for i, w := range want {
				if got[i] != w {
					t.Errorf("hidden cell %d: interval = %v, want %v", i, got[i], w)
				}
			}
		})
	}
}
