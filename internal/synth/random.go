package synth

import (
	"math"
	"math/rand/v2"
	"time"
)

// newRand returns the generator's only source of randomness. The second PCG
// word is fixed so that Seed alone decides the stream.
func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x5eed_1eed5_0a11))
}

// pick returns an index into weights, chosen with probability proportional
// to its weight.
func pick(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// normal draws from N(mean, sd).
func normal(r *rand.Rand, mean, sd float64) float64 { return mean + sd*r.NormFloat64() }

// poisson draws a Poisson count with the given mean (Knuth; means here are
// small).
func poisson(r *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// dayBetween returns a uniformly chosen date in [from, to]; from must not be
// after to.
func dayBetween(r *rand.Rand, from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	return from.AddDate(0, 0, r.IntN(days+1))
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }
