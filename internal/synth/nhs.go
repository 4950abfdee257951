package synth

import (
	"errors"
	"math/rand/v2"
	"strconv"
)

// NHS numbers are drawn from the 900 000 0000 - 999 999 9999 range, which is
// never issued to patients (NHS test numbers): first all of the 999 range,
// then 998, 997 and so on down to 900. A population that fits in the 999
// range (at most 900,000 people) therefore gets exactly the numbers it got
// before the other prefixes were added.
const (
	nhsBodies   = 1_000_000 // six free digits after the three-digit prefix
	firstPrefix = 999
	lastPrefix  = 900
)

// nhsNumbers hands out unique never-issued NHS numbers in a seeded order:
// within each prefix, an affine map k -> (a*k + b) mod 10^6 with a coprime
// to 10^6 is a bijection, so numbers never repeat and no set of issued
// numbers needs keeping.
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

var errNHSExhausted = errors.New("synth: never-issued NHS number range (900-999) exhausted")

// next returns the next number, skipping bodies whose Modulus 11 check
// digit would be 10 (those can never be valid).
func (g *nhsNumbers) next() (string, error) {
	for g.k < nhsBodies*(firstPrefix-lastPrefix+1) {
		prefix := firstPrefix - g.k/nhsBodies
		body := (g.a*(g.k%nhsBodies) + g.b) % nhsBodies
		g.k++
		var d [10]byte
		copy(d[:3], strconv.Itoa(prefix))
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

// lowestPrefix is the prefix of the last number handed out: 999 while every
// number so far is in the 999 range.
func (g *nhsNumbers) lowestPrefix() int {
	return firstPrefix - max(g.k-1, 0)/nhsBodies
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
