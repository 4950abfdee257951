package synth

import (
	"errors"
	"math/rand/v2"
	"strconv"
)

const nhsBodies = 1_000_000 // six free digits after the 999 prefix

// nhsNumbers hands out unique 999-range NHS numbers in a seeded order: an
// affine map k -> (a*k + b) mod 10^6 with a coprime to 10^6 is a bijection,
// so numbers never repeat and no set of issued numbers needs keeping.
type nhsNumbers struct {
	a, b, k int
}

func newNHSNumbers(r *rand.Rand) *nhsNumbers {
	a := r.IntN(nhsBodies)
	for a%2 == 0 || a%5 == 0 {
		a = r.IntN(nhsBodies)
	}
	return &nhsNumbers{a: a, b: r.IntN(nhsBodies)}
}

var errNHSExhausted = errors.New("synth: 999 NHS number range exhausted")

// next returns the next number, skipping bodies whose Modulus 11 check
// digit would be 10 (those can never be valid).
func (g *nhsNumbers) next() (string, error) {
	for g.k < nhsBodies {
		body := (g.a*g.k + g.b) % nhsBodies
		g.k++
		var d [10]byte
		copy(d[:], "999")
		s := strconv.Itoa(body)
		for i := range 6 - len(s) {
			d[3+i] = '0'
		}
		copy(d[9-len(s):9], s)
		check := checkDigit(d[:9])
		if check == 10 {
			continue
		}
		d[9] = byte('0' + check)
		return string(d[:]), nil
	}
	return "", errNHSExhausted
}

// checkDigit is the NHS Modulus 11 check digit of nine ASCII digits; 10
// means none exists.
func checkDigit(d []byte) int {
	sum := 0
	for i, c := range d {
		sum += (10 - i) * int(c-'0')
	}
	check := 11 - sum%11
	if check == 11 {
		return 0
	}
	return check
}
