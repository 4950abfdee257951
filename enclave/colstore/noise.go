package colstore

import (
	"encoding/binary"
	"hash/fnv"

	"github.com/research-enclave/enclave/enclave/disclosure"
)

// NoiseByte is the first of the two pseudonym bytes that make the noise
// factors of measure column ref ("dataset.column"): from bytes 8 to 29, so
// that one person's factors in different columns are unrelated; bytes 0 to
// 7 are the differencing ledger's and byte 31 the cell key's.
func NoiseByte(ref string) int {
	h := fnv.New32a()
	h.Write([]byte(ref))
	return 8 + 2*int(h.Sum32()%11)
}

// ContributionSeed seeds the hash of a contribution to measure column ref,
// so that the same contribution to two columns keys differently.
func ContributionSeed(ref string) int64 {
	h := fnv.New64a()
	h.Write([]byte(ref))
	return int64(h.Sum64() >> 1)
}

// Factor is the noise factor of the person with pseudonym pid for the
// column whose NoiseByte is k: 1 - f or 1 + f, f from disclosure.NoiseMin to
// disclosure.NoiseMax, the top bit of byte k the sign and the other 15 bits
// of bytes k and k+1 the size. Each step is rounded as the SQL statements
// round it (docs/disclosure.md), so both give the same factor.
func Factor(pid *Pseudonym, k int) float64 {
	hi, lo := int(pid[k]), int(pid[k+1])
	sign := -1.0
	if hi >= 128 {
		sign = 1
	}
	size := float64((hi%128)*256 + lo)
	f := float64(disclosure.NoiseMin) + float64(float64(disclosure.NoiseMax-disclosure.NoiseMin)*size)/32767
	return 1 + float64(sign*f)
}

// noisy is x with the factor applied, rounded as the SQL statements round it.
func noisy(x, factor float64) float64 { return float64(x * factor) }

// memberKey is a person's key in the differencing ledger: the first 8
// bytes of their pseudonym.
func memberKey(pid *Pseudonym) uint64 { return binary.BigEndian.Uint64(pid[:8]) }

// contributionKey is a contributor's key: their member key mixed with the
// hash of their contribution c as a 4-byte float, as the SQL statements'
// contribution keys are.
func contributionKey(pid *Pseudonym, c float64, seed int64) uint64 {
	return memberKey(pid) ^ HashFloat4(float32(c), seed)
}
