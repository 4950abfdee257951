package lp

import (
	"context"
	"errors"
	"math"
	"testing"
)

func TestOptimize(t *testing.T) {
	t.Parallel()
	lower, upper := nonneg(2)
	textbook := Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
		dense(LE, 4, 1, 0),
		dense(LE, 12, 0, 2),
		dense(LE, 18, 3, 2),
	}}
	diet := Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
		dense(GE, 4, 1, 1),
		dense(GE, 6, 1, 3),
	}}
	boxed := Problem{Lower: []float64{1, -2}, Upper: []float64{3, 5}, Constraints: []Constraint{dense(LE, 6, 1, 1)}}
	l3, u3 := nonneg(3)
	redundant := Problem{Lower: l3, Upper: u3, Constraints: []Constraint{
		dense(EQ, 10, 1, 1, 1),
		dense(EQ, 4, 1, 1, 0),
		dense(EQ, 6, 0, 0, 1),
		dense(EQ, 4, 1, 1, 0),
		dense(EQ, 20, 2, 2, 2),
	}}
	mixed := Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
		dense(GE, 2, 1, 1),
		dense(LE, 1, 1, -1),
		dense(LE, 3, 0, 1),
	}}
	free := Problem{Lower: []float64{-inf, -inf}, Upper: []float64{inf, inf}, Constraints: []Constraint{
		dense(EQ, 1, 1, -1),
		dense(GE, -5, 1, 1),
	}}
	halfFree := Problem{Lower: []float64{-inf, 0}, Upper: []float64{inf, 7}, Constraints: []Constraint{dense(EQ, 2, 1, 1)}}
	below := Problem{Lower: []float64{-inf, 0}, Upper: []float64{3, 1}, Constraints: []Constraint{dense(LE, 10, 1, 1)}}
	tests := []struct {
		name string
		p    Problem
		c    []float64
		max  bool
		want float64
	}{
		{"textbook max", textbook, []float64{3, 5}, true, 36},
		{"textbook min", textbook, []float64{3, 5}, false, 0},
		{"diet min", diet, []float64{2, 3}, false, 9},
		{"bounded max", boxed, []float64{1, 1}, true, 6},
		{"bounded min", boxed, []float64{1, 1}, false, -1},
		{"bounded min of a difference", boxed, []float64{1, -1}, false, -4},
		{"redundant equalities min", redundant, []float64{1, -1, 0}, false, -4},
		{"redundant equalities max", redundant, []float64{1, -1, 0}, true, 4},
		{"redundant equalities fixed variable", redundant, []float64{0, 0, 1}, true, 6},
		{"GE and LE min", mixed, []float64{1, -2}, false, -6},
		{"GE and LE max", mixed, []float64{1, -2}, true, 0.5},
		{"free variables", free, []float64{1, 1}, false, -5},
		{"free variables max", free, []float64{1, -1}, true, 1},
		{"a free variable against a bounded one", halfFree, []float64{1, 0}, false, -5},
		{"upper bound only", below, []float64{1, 0}, true, 3},
		{"upper bound only, with the constraint", below, []float64{1, 1}, true, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := New(context.Background(), tt.p, Limits{})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			got, x, err := s.Optimize(context.Background(), tt.c, tt.max)
			if err != nil {
				t.Fatalf("Optimize: %v", err)
			}
			if !close(got, tt.want, 1e-9) {
				t.Errorf("optimum = %v, want %v (x = %v)", got, tt.want, x)
			}
			if err := feasible(tt.p, x, 1e-9); err != nil {
				t.Errorf("optimal point %v: %v", x, err)
			}
		})
	}
}

func TestNewInfeasible(t *testing.T) {
	t.Parallel()
	lower, upper := nonneg(2)
	tests := []struct {
		name string
		p    Problem
	}{
		{"contradictory equalities", Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
			dense(EQ, 1, 1, 1), dense(EQ, 2, 1, 1),
		}}},
		{"bounds that cannot be met", Problem{Lower: []float64{0, 0}, Upper: []float64{1, 1}, Constraints: []Constraint{
			dense(EQ, 3, 1, 1),
		}}},
		{"GE above LE", Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
			dense(GE, 5, 1, 1), dense(LE, 4, 1, 1),
		}}},
		{"negative sum of nonnegative variables", Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
			dense(LE, -1, 1, 1),
		}}},
		{"an empty row that is not zero", Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
			{Sense: EQ, RHS: 1},
		}}},
		{"a table whose margins disagree", Problem{Lower: []float64{0, 0, 0, 0}, Upper: []float64{9, 9, 9, 9}, Constraints: []Constraint{
			dense(EQ, 5, 1, 1, 0, 0), dense(EQ, 5, 0, 0, 1, 1),
			dense(EQ, 5, 1, 0, 1, 0), dense(EQ, 6, 0, 1, 0, 1),
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := New(context.Background(), tt.p, Limits{}); !errors.Is(err, ErrInfeasible) {
				t.Errorf("New error = %v, want %v", err, ErrInfeasible)
			}
		})
	}
}

func TestOptimizeUnbounded(t *testing.T) {
	t.Parallel()
	lower, upper := nonneg(2)
	tests := []struct {
		name string
		p    Problem
		c    []float64
		max  bool
	}{
		{"max of a variable with no upper bound", Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
			dense(EQ, 0, 1, -1),
		}}, []float64{1, 0}, true},
		{"min of a free variable", Problem{Lower: []float64{-inf}, Upper: []float64{inf}}, []float64{1}, false},
		{"min below an upper bound", Problem{Lower: []float64{-inf, 0}, Upper: []float64{3, 1}, Constraints: []Constraint{
			dense(LE, 10, 1, 1),
		}}, []float64{1, 0}, false},
		{"along a ray of GE rows", Problem{Lower: lower, Upper: upper, Constraints: []Constraint{
			dense(GE, 1, 1, -1), dense(GE, 2, 1, 1),
		}}, []float64{1, 1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := New(context.Background(), tt.p, Limits{})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if _, _, err := s.Optimize(context.Background(), tt.c, tt.max); !errors.Is(err, ErrUnbounded) {
				t.Errorf("Optimize error = %v, want %v", err, ErrUnbounded)
			}
			// The basis is untouched, so the other direction still works.
			if _, x, err := s.Optimize(context.Background(), tt.c, !tt.max); err != nil && !errors.Is(err, ErrUnbounded) {
				t.Errorf("Optimize the other way: %v", err)
			} else if err == nil {
				if err := feasible(tt.p, x, 1e-9); err != nil {
					t.Errorf("optimal point %v: %v", x, err)
				}
			}
		})
	}
}

// TestBeale solves Beale's example, on which Dantzig's rule with the
// textbook tie-break (the smallest subscript leaves) cycles for ever at the
// degenerate origin. This solver's tie-break (the largest pivot) escapes it
// anyway, so the example also runs under Bland's rule from the first pivot.
func TestBeale(t *testing.T) {
	t.Parallel()
	lower, upper := nonneg(4)
	capped := append([]float64(nil), upper...)
	capped[2] = 1
	c := []float64{-0.75, 20, -0.5, 6}
	rows := []Constraint{
		dense(LE, 0, 0.25, -8, -1, 9),
		dense(LE, 0, 0.5, -12, -0.5, 3),
	}
	tests := []struct {
		name  string
		p     Problem
		bland bool
	}{
		{"cap as a row", Problem{Lower: lower, Upper: upper, Constraints: append(rows, dense(LE, 1, 0, 0, 1, 0))}, false},
		{"cap as a bound", Problem{Lower: lower, Upper: capped, Constraints: rows}, false},
		{"cap as a row, Bland's rule", Problem{Lower: lower, Upper: upper, Constraints: append(rows, dense(LE, 1, 0, 0, 1, 0))}, true},
		{"cap as a bound, Bland's rule", Problem{Lower: lower, Upper: capped, Constraints: rows}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, x, err := solveWith(tt.p, c, false, tt.bland)
			if err != nil {
				t.Fatalf("solve: %v", err)
			}
			if want := -1.25; !close(got, want, 1e-12) {
				t.Errorf("optimum = %v, want %v (x = %v)", got, want, x)
			}
			if want := []float64{1, 0, 1, 0}; math.Abs(x[0]-want[0])+math.Abs(x[2]-want[2]) > 1e-12 {
				t.Errorf("x = %v, want %v", x, want)
			}
		})
	}
}
