package lp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// solveWith runs New, with Bland's rule from the first pivot when bland,
// then Optimize.
func solveWith(p Problem, c []float64, max, bland bool) (float64, []float64, error) {
	s, err := prepare(p, Limits{})
	if err != nil {
		return 0, nil, err
	}
	if bland {
		s.blandAfter = 0
	}
	if err := s.phase1(context.Background()); err != nil {
		return 0, nil, err
	}
	return s.Optimize(context.Background(), c, max)
}

// vertexMin minimises c·x over p cut down to the box [-box, box] by brute
// force: every choice of n hyperplanes among the rows and the bounds is
// solved, and the least objective over the feasible solutions kept. ok is
// false when none is feasible. In the box the region is a polytope, so its
// minimum is at a vertex.
func vertexMin(p Problem, c []float64, box float64) (best float64, ok bool) {
	n := len(c)
	planes := append([]Constraint(nil), p.Constraints...)
	lo, hi := make([]float64, n), make([]float64, n)
	for j := range n {
		lo[j], hi[j] = math.Max(p.Lower[j], -box), math.Min(p.Upper[j], box)
		planes = append(planes, Constraint{Vars: []int{j}, Coefs: []float64{1}, RHS: lo[j]})
		planes = append(planes, Constraint{Vars: []int{j}, Coefs: []float64{1}, RHS: hi[j]})
	}
	boxed := Problem{Lower: lo, Upper: hi, Constraints: p.Constraints}
	best = inf
	choose(len(planes), n, func(pick []int) {
		x, solved := solvePlanes(planes, pick, n)
		if !solved || feasible(boxed, snap(x, lo, hi), 1e-9) != nil {
			return
		}
		v := 0.0
		for j := range n {
			v += c[j] * x[j]
		}
		best, ok = math.Min(best, v), true
	})
	return best, ok
}

// snap moves values within 1e-9 of a bound onto it, as the solver's
// clamping does, so that the brute force's rounding is judged the same way.
func snap(x, lo, hi []float64) []float64 {
	for j, v := range x {
		if v < lo[j] && lo[j]-v <= 1e-9*(1+math.Abs(lo[j])) {
			x[j] = lo[j]
		}
		if v > hi[j] && v-hi[j] <= 1e-9*(1+math.Abs(hi[j])) {
			x[j] = hi[j]
		}
	}
	return x
}

// choose calls f with every k-subset of 0..n-1, in increasing order.
func choose(n, k int, f func([]int)) {
	pick := make([]int, k)
	var rec func(i, from int)
	rec = func(i, from int) {
		if i == k {
			f(pick)
			return
		}
		for v := from; v <= n-(k-i); v++ {
			pick[i] = v
			rec(i+1, v+1)
		}
	}
	rec(0, 0)
}

// solvePlanes solves the n×n system of the picked hyperplanes by Gaussian
// elimination with partial pivoting; solved is false when it is singular.
func solvePlanes(planes []Constraint, pick []int, n int) (x []float64, solved bool) {
	a := make([][]float64, n)
	for i, k := range pick {
		a[i] = make([]float64, n+1)
		for t, j := range planes[k].Vars {
			a[i][j] = planes[k].Coefs[t]
		}
		a[i][n] = planes[k].RHS
	}
	for col := range n {
		r := col
		for i := col + 1; i < n; i++ {
			if math.Abs(a[i][col]) > math.Abs(a[r][col]) {
				r = i
			}
		}
		if math.Abs(a[r][col]) < 1e-9 {
			return nil, false
		}
		a[col], a[r] = a[r], a[col]
		for i := range n {
			if i == col {
				continue
			}
			f := a[i][col] / a[col][col]
			for k := col; k <= n; k++ {
				a[i][k] -= f * a[col][k]
			}
		}
	}
	x = make([]float64, n)
	for i := range n {
		x[i] = a[i][n] / a[i][i]
	}
	return x, true
}

// TestAgainstVertices compares the solver with brute force over vertices on
// random small problems: infeasibility, unboundedness (the boxed optimum
// moves with the box) and the optimum must agree, under both pricing rules.
func TestAgainstVertices(t *testing.T) {
	t.Parallel()
	const small, large = 1e6, 2e6
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 600 {
		p, c, _ := randomProblem(rng.IntN, i%2 == 0)
		neg := make([]float64, len(c))
		for j, cj := range c {
			neg[j] = -cj
		}
		for _, bland := range []bool{false, true} {
			for _, max := range []bool{false, true} {
				name := fmt.Sprintf("problem %d max %t bland %t", i, max, bland)
				obj, sign := c, 1.0
				if max {
					obj, sign = neg, -1
				}
				want, ok := vertexMin(p, obj, small)
				wider, _ := vertexMin(p, obj, large)
				got, x, err := solveWith(p, c, max, bland)
				switch {
				case !ok:
					if !errors.Is(err, ErrInfeasible) {
						t.Errorf("%s: err = %v, want %v\n%+v", name, err, ErrInfeasible, p)
					}
				case !close(want, wider, 1e-9):
					if !errors.Is(err, ErrUnbounded) {
						t.Errorf("%s: got %v, %v, want %v\n%+v c=%v", name, got, err, ErrUnbounded, p, c)
					}
				case err != nil:
					t.Errorf("%s: err = %v, want optimum %v\n%+v c=%v", name, err, sign*want, p, c)
				case !close(got, sign*want, 1e-7):
					t.Errorf("%s: optimum = %v, want %v\n%+v c=%v", name, got, sign*want, p, c)
				default:
					if err := feasible(p, x, 1e-9); err != nil {
						t.Errorf("%s: optimal point %v: %v", name, x, err)
					}
				}
			}
		}
	}
}

// TestStart: starting from a point of the region gives the same optima as
// starting from the bounds, and a start outside the bounds is refused.
func TestStart(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 600 {
		p, c, x0 := randomProblem(rng.IntN, true)
		for _, max := range []bool{false, true} {
			want, _, wantErr := solveWith(p, c, max, false)
			started := p
			started.Start = x0
			got, x, err := solveWith(started, c, max, false)
			switch {
			case (err == nil) != (wantErr == nil) || err != nil && !errors.Is(err, ErrUnbounded):
				t.Errorf("problem %d max %t: from x0: %v, from the bounds: %v", i, max, err, wantErr)
			case err == nil && !close(got, want, 1e-7):
				t.Errorf("problem %d max %t: from x0 %v, from the bounds %v", i, max, got, want)
			case err == nil:
				if err := feasible(p, x, 1e-9); err != nil {
					t.Errorf("problem %d max %t: optimal point %v: %v", i, max, x, err)
				}
			}
		}
	}
	p := Problem{Lower: []float64{0}, Upper: []float64{1}, Start: []float64{2}}
	if _, err := New(context.Background(), p, Limits{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a start above the upper bound: %v, want ErrInvalid", err)
	}
}
