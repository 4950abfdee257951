package lp

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestNewInvalid(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	row := func(vars []int, coefs []float64) Constraint { return Constraint{Vars: vars, Coefs: coefs, RHS: 1} }
	two := []float64{0, 0}
	tests := []struct {
		name     string
		p        Problem
		lim      Limits
		wantText string
	}{
		{"bounds of different lengths", Problem{Lower: two, Upper: []float64{1}}, Limits{}, "2 lower bounds but 1 upper"},
		{"NaN bound", Problem{Lower: []float64{0, nan}, Upper: two}, Limits{}, "variable 1: bound is NaN"},
		{"lower bound +Inf", Problem{Lower: []float64{inf}, Upper: []float64{inf}}, Limits{}, "variable 0: lower bound +Inf"},
		{"lower above upper", Problem{Lower: []float64{0, 2}, Upper: []float64{1, 1}}, Limits{}, "variable 1: lower bound above upper"},
		{"row lengths differ", Problem{Lower: two, Upper: two, Constraints: []Constraint{
			row([]int{0}, []float64{1}), row([]int{0, 1}, []float64{1}),
		}}, Limits{}, "constraint 1: 2 variables but 1 coefficients"},
		{"index out of range", Problem{Lower: two, Upper: two, Constraints: []Constraint{
			row([]int{2}, []float64{1}),
		}}, Limits{}, "constraint 0: term 0: variable index out of range"},
		{"negative index", Problem{Lower: two, Upper: two, Constraints: []Constraint{
			row([]int{0, -1}, []float64{1, 1}),
		}}, Limits{}, "constraint 0: term 1: variable index out of range"},
		{"repeated variable", Problem{Lower: two, Upper: two, Constraints: []Constraint{
			row([]int{1}, []float64{1}), row([]int{0, 1, 0}, []float64{1, 1, 1}),
		}}, Limits{}, "constraint 1: term 2: variable 0 repeated"},
		{"NaN coefficient", Problem{Lower: two, Upper: two, Constraints: []Constraint{
			row([]int{0, 1}, []float64{1, nan}),
		}}, Limits{}, "constraint 0: term 1: coefficient is not finite"},
		{"infinite right-hand side", Problem{Lower: two, Upper: two, Constraints: []Constraint{
			{Vars: []int{0}, Coefs: []float64{1}, RHS: inf},
		}}, Limits{}, "constraint 0: right-hand side is not finite"},
		{"unknown sense", Problem{Lower: two, Upper: two, Constraints: []Constraint{
			{Vars: []int{0}, Coefs: []float64{1}, Sense: 7},
		}}, Limits{}, "constraint 0: unknown sense 7"},
		{"negative limit", Problem{Lower: two, Upper: two}, Limits{MaxPivots: -1}, "negative limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(context.Background(), tt.p, tt.lim)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("New error = %v, want %v", err, ErrInvalid)
			}
			if got := err.Error(); !strings.Contains(got, tt.wantText) {
				t.Errorf("New error = %q, want it to contain %q", got, tt.wantText)
			}
		})
	}
}

func TestOptimizeInvalid(t *testing.T) {
	t.Parallel()
	lower, upper := nonneg(2)
	s, err := New(context.Background(), Problem{Lower: lower, Upper: upper}, Limits{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	tests := []struct {
		name     string
		c        []float64
		wantText string
	}{
		{"too short", []float64{1}, "1 coefficients for 2 variables"},
		{"NaN", []float64{1, math.NaN()}, "objective coefficient 1 is not finite"},
		{"infinite", []float64{math.Inf(-1), 1}, "objective coefficient 0 is not finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := s.Optimize(context.Background(), tt.c, false)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("Optimize error = %v, want %v containing %q", err, ErrInvalid, tt.wantText)
			}
		})
	}
}

// TestProblemCopied checks that a Solver keeps its own copy of the rows, so
// that a caller reusing its slices cannot change the region under it.
func TestProblemCopied(t *testing.T) {
	t.Parallel()
	lower, upper := nonneg(2)
	p := Problem{Lower: lower, Upper: upper, Constraints: []Constraint{dense(EQ, 4, 1, 1)}}
	s, err := New(context.Background(), p, Limits{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	p.Constraints[0].Coefs[0], p.Upper[0] = 100, 0
	if got, _, err := s.Optimize(context.Background(), []float64{1, 0}, true); err != nil || got != 4 {
		t.Errorf("max x0 = %v, %v, want 4", got, err)
	}
}
