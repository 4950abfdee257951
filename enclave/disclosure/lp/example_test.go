package lp_test

import (
	"context"
	"fmt"
	"math"

	"github.com/research-enclave/enclave/enclave/disclosure/lp"
)

// The attacker problem of a table that hides four cells in a rectangle:
//
//	 5  20  30 |  55
//	 3  40  12 |  55
//	25  15   8 |  48
//	33  75  50 | 158
//
// The attacker knows the released cells and margins, that a hidden small
// count lies in [0, 9] and that the other hidden cells are at least 10. The
// released cells move to the right-hand sides of the relations.
func Example() {
	inf := math.Inf(1)
	eq := func(rhs float64, vars ...int) lp.Constraint {
		return lp.Constraint{Vars: vars, Coefs: []float64{1, 1}, Sense: lp.EQ, RHS: rhs}
	}
	p := lp.Problem{
		// The hidden cells 5, 20, 3 and 40, in that order.
		Lower: []float64{0, 10, 0, 10},
		Upper: []float64{9, inf, 9, inf},
		Constraints: []lp.Constraint{
			eq(55-30, 0, 1), // row 0
			eq(55-12, 2, 3), // row 1
			eq(33-25, 0, 2), // column 0
			eq(75-15, 1, 3), // column 1
		},
	}
	ctx := context.Background()
	s, err := lp.New(ctx, p, lp.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j := range p.Lower {
		c := make([]float64, len(p.Lower))
		c[j] = 1
		lo, _, err := s.Optimize(ctx, c, false)
		if err != nil {
			fmt.Println(err)
			return
		}
		hi, _, err := s.Optimize(ctx, c, true)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("hidden cell %d lies in [%g, %g]\n", j, lo, hi)
	}
	// Output:
	// hidden cell 0 lies in [0, 8]
	// hidden cell 1 lies in [17, 25]
	// hidden cell 2 lies in [0, 8]
	// hidden cell 3 lies in [35, 43]
}
