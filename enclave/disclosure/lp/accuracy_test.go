package lp

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestRefactor rebuilds the tableau of a warm Solver from the original rows
// and checks it matches the one the pivots produced, values included.
func TestRefactor(t *testing.T) {
	t.Parallel()
	g, _ := randomTable(rand.New(rand.NewPCG(5, 5)), []int{3, 3, 3}, 0)
	p, _ := g.attacker(g.protected(rand.New(rand.NewPCG(6, 6)), 0.3))
	s, err := New(context.Background(), p, Limits{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if _, _, err := s.Optimize(context.Background(), unit(len(p.Lower), 0), true); err != nil {
		t.Fatalf("Optimize: %v", err)
	}
	// Refactoring may order the rows differently: compare row by basic
	// variable.
	want := map[int][]float64{}
	wantVal := append([]float64(nil), s.val[:s.ncol]...)
	for i := range s.m {
		want[s.basis[i]] = append([]float64(nil), s.row(i)...)
	}
	if err := s.refactor(); err != nil {
		t.Fatalf("refactor: %v", err)
	}
	for i := range s.m {
		w, ok := want[s.basis[i]]
		if !ok {
			t.Fatalf("variable %d is basic after refactoring, not before", s.basis[i])
		}
		for j, got := range s.row(i) {
			if math.Abs(got-w[j]) > 1e-9 {
				t.Errorf("row of variable %d, column %d = %v, want %v", s.basis[i], j, got, w[j])
			}
		}
	}
	for j, got := range s.val[:s.ncol] {
		if !close(got, wantVal[j], 1e-9) {
			t.Errorf("value of column %d = %v, want %v", j, got, wantVal[j])
		}
	}
}

// TestDriftRepaired knocks a basic variable's value off, as accumulated
// rounding would, and checks Optimize notices and refactors rather than
// return a point off the constraints.
func TestDriftRepaired(t *testing.T) {
	t.Parallel()
	g := table2D()
	hidden := make([]bool, len(g.value))
	for _, c := range [][]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
		hidden[g.index(c)] = true
	}
	p, _ := g.attacker(hidden)
	s, err := New(context.Background(), p, Limits{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for i := range s.m {
		s.val[s.basis[i]] += 0.25
	}
	got, x, err := s.Optimize(context.Background(), unit(4, 3), true)
	if err != nil {
		t.Fatalf("Optimize: %v", err)
	}
	if want := 43.0; got != want {
		t.Errorf("max = %v, want %v", got, want)
	}
	if err := feasible(p, x, 1e-12); err != nil {
		t.Errorf("optimal point %v: %v", x, err)
	}
}
