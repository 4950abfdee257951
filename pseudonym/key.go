package pseudonym

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
)

// MinKeySize is the shortest key material accepted: the HMAC-SHA256 output
// size, below which the key, not the hash, would bound the pseudonym's
// strength.
const MinKeySize = 32

// Key is HMAC-SHA256 key material with the version it was issued under (for
// example the Vault key version, pinned so that a rotation never changes pids
// by accident) and whether it comes from the dev key source.
//
// A Key never prints its bytes: String, Format and LogValue show only the
// version and the dev flag, and MarshalJSON/MarshalText fail. The material sits
// behind a pointer to a string (never dereferenced by fmt) and is immutable, so
// copies of a Key share it safely between goroutines. The zero Key is unusable.
type Key struct {
	_        [0]func()
	material *string
	version  int
	dev      bool
}

// NewKey returns a production key holding a copy of material, which must be
// at least MinKeySize bytes, issued under version (1 or more).
func NewKey(material []byte, version int) (Key, error) {
	return newKey(material, version, false)
}

// NewDevKey returns a key for the dev key source (the demo and tests). Its
// pseudonyms carry the "dev1." prefix so that they can never be mistaken for
// production ones, and the server refuses it outside dev mode.
func NewDevKey(material []byte, version int) (Key, error) {
	return newKey(material, version, true)
}

func newKey(material []byte, version int, dev bool) (Key, error) {
	if len(material) < MinKeySize {
		return Key{}, ErrKeyTooShort
	}
	if version < 1 {
		return Key{}, ErrKeyVersion
	}
	m := string(material) // copies: later changes to material do not reach the key
	return Key{material: &m, version: version, dev: dev}, nil
}

// Version is the key version the key was issued under.
func (k Key) Version() int { return k.version }

// Dev reports whether k comes from the dev key source.
func (k Key) Dev() bool { return k.dev }

// IsZero reports whether k holds no key material.
func (k Key) IsZero() bool { return k.material == nil }

// newMAC returns a fresh HMAC-SHA256 keyed with k; k must not be zero.
func (k Key) newMAC() hash.Hash {
	return hmac.New(sha256.New, []byte(*k.material))
}
