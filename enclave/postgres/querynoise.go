package postgres

import (
	"strconv"

	"github.com/research-enclave/enclave/enclave/colstore"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// noisy is the value expression val multiplied by the noise factor of the
// person pid for measure column ref ("dataset.column"): 1 - f or 1 + f, f
// from disclosure.NoiseMin to disclosure.NoiseMax. The factor comes
// from two bytes of the pseudonym (HMAC output under the service's key:
// uniform, fixed for as long as the key, and unknowable to a researcher):
// the top bit the sign, the other 15 bits the size. Which two bytes depends
// on the column, from bytes 8 to 29, so that one person's factors in
// different columns are unrelated (two columns may share a pair); bytes 0
// to 7 are the differencing ledger's and byte 31 the cell key's.
func noisy(val, pid, ref string) string {
	k := strconv.Itoa(noiseByte(ref))
	k1 := strconv.Itoa(noiseByte(ref) + 1)
	hi := "get_byte(" + pid + ", " + k + ")"
	lo := "get_byte(" + pid + ", " + k1 + ")"
	return "(" + val + " * (1 + (CASE WHEN " + hi + " >= 128 THEN 1 ELSE -1 END) * (" +
		float8(disclosure.NoiseMin) + " + " + float8(disclosure.NoiseMax-disclosure.NoiseMin) +
		" * ((" + hi + " % 128) * 256 + " + lo + ") / " + float8(32767) + ")))"
}

// float8 writes x as a double precision constant: the factor is worked
// out in floating point, as docs/disclosure.md gives it, not in numeric,
// which costs ten times as much a person.
func float8(x float64) string {
	return "CAST(" + strconv.FormatFloat(x, 'g', -1, 64) + " AS double precision)"
}

// noiseByte is the first of the two pseudonym bytes that make the noise
// factors of column ref; the in-memory answers use the same.
func noiseByte(ref string) int { return colstore.NoiseByte(ref) }
