package lp

import "math"

// randomProblem draws 1 to 5 variables with bounds of every kind, 1 to 4
// rows of small integer coefficients and an objective, taking its choices
// from draw (a value in [0, n)), so that a seeded generator and fuzz bytes
// can both drive it. When around is true the rows are built to hold at an
// integer point x0, which it returns; else x0 is nil and the problem is
// often infeasible.
func randomProblem(draw func(n int) int, around bool) (p Problem, c, x0 []float64) {
	n, m := 1+draw(5), 1+draw(4)
	p = Problem{Lower: make([]float64, n), Upper: make([]float64, n)}
	c, x0 = make([]float64, n), make([]float64, n)
	for j := range n {
		lo := float64(draw(4) - 3)
		hi := lo + float64(draw(5))
		switch draw(6) {
		case 0:
			lo, hi = 0, inf
		case 1:
			lo = -inf
		case 2:
			hi = inf
		case 3:
			lo, hi = -inf, inf
		}
		p.Lower[j], p.Upper[j] = lo, hi
		c[j] = float64(draw(7) - 3)
		switch {
		case !math.IsInf(lo, 0) && !math.IsInf(hi, 0):
			x0[j] = lo + float64(draw(int(hi-lo)+1))
		case !math.IsInf(lo, 0):
			x0[j] = lo + float64(draw(4))
		case !math.IsInf(hi, 0):
			x0[j] = hi - float64(draw(4))
		default:
			x0[j] = float64(draw(7) - 3)
		}
	}
	for range m {
		coefs := make([]float64, n)
		ax := 0.0
		for j := range coefs {
			if draw(3) > 0 {
				coefs[j] = float64(draw(7) - 3)
				ax += coefs[j] * x0[j]
			}
		}
		sense := Sense(draw(3))
		rhs := float64(draw(17) - 6)
		if around {
			switch sense {
			case EQ:
				rhs = ax
			case GE:
				rhs = ax - float64(draw(3))
			case LE:
				rhs = ax + float64(draw(3))
			}
		}
		p.Constraints = append(p.Constraints, dense(sense, rhs, coefs...))
	}
	if !around {
		x0 = nil
	}
	return p, c, x0
}
