package lp

import (
	"context"
	"errors"
	"math"
	"testing"
)

// FuzzSolve builds a small problem from the input around a known integer
// point x0, so that it is feasible, and checks every answer: New must not
// call it infeasible, and an optimum must be a feasible point no worse than
// x0 in either direction.
func FuzzSolve(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{4, 3, 2, 1, 0, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add([]byte("a degenerate table with margins, many zeros and ties"))
	f.Fuzz(func(t *testing.T, data []byte) {
		draw := func(n int) int {
			if len(data) == 0 {
				return 0
			}
			v := int(data[0]) % n
			data = data[1:]
			return v
		}
		p, c, x0 := randomProblem(draw, true)
		s, err := New(context.Background(), p, Limits{})
		if err != nil {
			t.Fatalf("New: %v\n%+v\nfeasible at %v", err, p, x0)
		}
		at := 0.0
		for j, cj := range c {
			at += cj * x0[j]
		}
		for _, max := range []bool{false, true} {
			got, x, err := s.Optimize(context.Background(), c, max)
			if errors.Is(err, ErrUnbounded) {
				continue
			}
			if err != nil {
				t.Fatalf("Optimize max %t: %v\n%+v c=%v", max, err, p, c)
			}
			if err := feasible(p, x, 1e-9); err != nil {
				t.Errorf("max %t: optimal point %v: %v\n%+v", max, x, err, p)
			}
			tol := 1e-9 * (1 + math.Abs(at))
			if !max && got > at+tol || max && got < at-tol {
				t.Errorf("max %t: optimum %v is worse than %v at the known point %v\n%+v c=%v", max, got, at, x0, p, c)
			}
		}
	})
}
