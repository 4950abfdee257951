package colstore

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// pgFloat8NaN is the one NaN PostgreSQL hashes every float NaN as: C's NAN
// widened to double, the quiet NaN with an empty payload. (Go's math.NaN
// has a payload bit set, so it would hash differently.)
const pgFloat8NaN = 0x7ff8000000000000

// HashFloat4 is PostgreSQL's hashfloat4extended(v, seed), the hash behind
// the contribution keys of enclave/postgres (int8send of it, read as a
// big-endian uint64). Zero, of either sign, hashes to the seed itself;
// every NaN hashes as one; any other value is widened to float8 and its 8
// bytes, in little-endian (the server's byte order on amd64 and arm64),
// are hashed by hash_bytes_extended, Bob Jenkins' lookup3 with a 64-bit
// seed.
func HashFloat4(v float32, seed int64) uint64 {
	if v == 0 {
		return uint64(seed)
	}
	b := math.Float64bits(float64(v))
	if v != v {
		b = pgFloat8NaN
	}
	var key [8]byte
	binary.LittleEndian.PutUint64(key[:], b)
	return hashBytes8(key, uint64(seed))
}

// hashBytes8 is PostgreSQL's hash_bytes_extended of an 8-byte key: lookup3
// (Bob Jenkins, public domain) with the seed's high half added to a and its
// low half to b, and the result b<<32 | c. A key shorter than 12 bytes is
// all tail: its first word goes to a, its second to b, then final.
func hashBytes8(key [8]byte, seed uint64) uint64 {
	a := 0x9e3779b9 + uint32(len(key)) + 3923095
	b, c := a, a
	if seed != 0 {
		a += uint32(seed >> 32)
		b += uint32(seed)
		a, b, c = mix(a, b, c)
	}
	a += binary.LittleEndian.Uint32(key[0:4])
	b += binary.LittleEndian.Uint32(key[4:8])
	_, b, c = final(a, b, c)
	return uint64(b)<<32 | uint64(c)
}

// mix is lookup3's mix of three 32-bit values.
func mix(a, b, c uint32) (uint32, uint32, uint32) {
	a -= c
	a ^= bits.RotateLeft32(c, 4)
	c += b
	b -= a
	b ^= bits.RotateLeft32(a, 6)
	a += c
	c -= b
	c ^= bits.RotateLeft32(b, 8)
	b += a
	a -= c
	a ^= bits.RotateLeft32(c, 16)
	c += b
	b -= a
	b ^= bits.RotateLeft32(a, 19)
	a += c
	c -= b
	c ^= bits.RotateLeft32(b, 4)
	b += a
	return a, b, c
}

// final is lookup3's final mixing of three 32-bit values into c (and b).
func final(a, b, c uint32) (uint32, uint32, uint32) {
	c ^= b
	c -= bits.RotateLeft32(b, 14)
	a ^= c
	a -= bits.RotateLeft32(c, 11)
	b ^= a
	b -= bits.RotateLeft32(a, 25)
	c ^= b
	c -= bits.RotateLeft32(b, 16)
	a ^= c
	a -= bits.RotateLeft32(c, 4)
	b ^= a
	b -= bits.RotateLeft32(a, 14)
	c ^= b
	c -= bits.RotateLeft32(b, 24)
	return a, b, c
}
