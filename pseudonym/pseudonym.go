package pseudonym

import (
	"encoding/hex"
	"hash"
	"log/slog"
	"strings"
)

// Text-form prefixes: the scheme version (HMAC-SHA256, lowercase hex), not
// the key version, which is recorded beside the data (load record, manifest).
const (
	prefixProd = "p1."
	prefixDev  = "dev1."
)

// Pseudonym is the HMAC-SHA256 of an identifier's domain message under a key,
// together with whether that key came from the dev key source. Carrying the
// dev flag in the value is what lets String choose the prefix: a dev pseudonym
// can never be rendered in the production form. Pseudonym is comparable and
// may be used as a map key.
//
// A pseudonym is not an identifier but is still sensitive (pids never leave
// the enclave): LogValue prints only "[pseudonym]".
type Pseudonym struct {
	sum [32]byte
	dev bool
}

// PseudonymFromSum builds a Pseudonym from a 32-byte HMAC computed by another
// key source (Vault transit) or read back from storage.
func PseudonymFromSum(sum []byte, dev bool) (Pseudonym, error) {
	var p Pseudonym
	if len(sum) != len(p.sum) {
		return Pseudonym{}, ErrPseudonymFormat
	}
	copy(p.sum[:], sum)
	p.dev = dev
	return p, nil
}

// ParsePseudonym parses the text form written by String: "p1." or "dev1."
// followed by 64 lowercase hex digits. Uppercase hex is refused so that every
// pseudonym has exactly one text form.
func ParsePseudonym(s string) (Pseudonym, error) {
	var p Pseudonym
	var h string
	switch {
	case strings.HasPrefix(s, prefixProd):
		h = s[len(prefixProd):]
	case strings.HasPrefix(s, prefixDev):
		h, p.dev = s[len(prefixDev):], true
	default:
		return Pseudonym{}, ErrPseudonymFormat
	}
	if len(h) != hex.EncodedLen(len(p.sum)) || strings.ToLower(h) != h {
		return Pseudonym{}, ErrPseudonymFormat
	}
	if _, err := hex.Decode(p.sum[:], []byte(h)); err != nil {
		return Pseudonym{}, ErrPseudonymFormat
	}
	return p, nil
}

// String is the versioned text form: "p1.<hex>", or "dev1.<hex>" for a
// pseudonym made with a dev key.
func (p Pseudonym) String() string {
	prefix := prefixProd
	if p.dev {
		prefix = prefixDev
	}
	return prefix + hex.EncodeToString(p.sum[:])
}

// LogValue keeps pseudonyms out of logs.
func (p Pseudonym) LogValue() slog.Value { return slog.StringValue("[pseudonym]") }

// Sum returns the 32 HMAC bytes, for storage as bytea.
func (p Pseudonym) Sum() [32]byte { return p.sum }

// Dev reports whether p was made with a dev key.
func (p Pseudonym) Dev() bool { return p.dev }

// IsZero reports whether p is the zero value, which no key produces in practice.
func (p Pseudonym) IsZero() bool { return p == Pseudonym{} }

// Pseudonymise returns HMAC-SHA256(k, id's domain message). It builds a new
// HMAC per call; for many identifiers use LocalPseudonymiser, which reuses one.
//
// It panics if k or id is the zero value: pseudonymising with no key or of no
// identifier is a programming error, and must not yield a plausible pseudonym.
func (k Key) Pseudonymise(id Identifier) Pseudonym {
	if k.IsZero() {
		panic("pseudonym: Pseudonymise with the zero Key")
	}
	if id.IsZero() {
		panic("pseudonym: Pseudonymise of the zero Identifier")
	}
	var p Pseudonym
	macInto(k.newMAC(), &p, []byte(*id.msg))
	p.dev = k.dev
	return p
}

// macInto writes the HMAC of msg into p.sum, resetting h first so that one
// hash can serve many messages.
func macInto(h hash.Hash, p *Pseudonym, msg []byte) {
	h.Reset()
	h.Write(msg)
	h.Sum(p.sum[:0])
}
