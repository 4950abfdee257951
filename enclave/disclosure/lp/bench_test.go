package lp

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
)

// benchmarkAttacker times what disclosure control does for one table: New,
// then the min and the max of every hidden cell on the one Solver. The
// hidden cells are either a random share, many of which the margins
// determine, or boxes that can shift (a pattern that has been through
// secondary suppression), which leaves the simplex real work.
func benchmarkAttacker(b *testing.B, sizes []int, share float64) {
	for _, pattern := range []string{"random", "protected"} {
		b.Run(pattern, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(40, 40))
			g, hidden := randomTable(rng, sizes, share)
			if pattern == "protected" {
				hidden = g.protected(rng, share)
			}
			benchmarkSolve(b, g, hidden)
		})
	}
}

func benchmarkSolve(b *testing.B, g grid, hidden []bool) {
	p, _ := g.attacker(hidden)
	n := len(p.Lower)
	c := make([]float64, n)
	var kept int
	b.ReportAllocs()
	for b.Loop() {
		s, err := New(context.Background(), p, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		kept = s.m
		for j := range n {
			c[j] = 1
			for _, max := range []bool{false, true} {
				if _, _, err := s.Optimize(context.Background(), c, max); err != nil && !errors.Is(err, ErrUnbounded) {
					b.Fatal(err)
				}
			}
			c[j] = 0
		}
	}
	// All rows are equalities, so the tableau has one column per variable.
	b.ReportMetric(float64(n), "vars")
	b.ReportMetric(float64(len(p.Constraints)), "rows")
	b.ReportMetric(float64(kept), "rows-kept")
	b.ReportMetric(float64(8*len(p.Constraints)*n)/1e6, "tableau-MB")
}

// BenchmarkAttacker40x40: 1,681 cells with margins, a tenth hidden.
func BenchmarkAttacker40x40(b *testing.B) { benchmarkAttacker(b, []int{40, 40}, 0.1) }

// BenchmarkAttacker8x8x8x8: 6,561 cells with every margin, a fifth hidden.
func BenchmarkAttacker8x8x8x8(b *testing.B) { benchmarkAttacker(b, []int{8, 8, 8, 8}, 0.2) }
