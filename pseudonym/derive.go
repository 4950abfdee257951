package pseudonym

import (
	"crypto/sha256"
	"encoding/binary"
	"io"

	"golang.org/x/crypto/hkdf"
)

// hkdfSalt is the fixed, public HKDF-Extract salt of every derivation. It is
// part of the derived keys' definition: changing it changes every derived key
// and so every per-project pseudonym. It separates our derivations from any
// other use of the same root key, and RFC 5869 allows a non-secret salt.
const hkdfSalt = "enclave/v1"

// PurposeProject is the derivation purpose of per-project keys.
const PurposeProject = "project"

// Derive returns a key for one purpose, derived from k with HKDF-SHA256
// (RFC 5869): salt hkdfSalt, input keying material k, 32 bytes of output.
// purpose must match [a-z0-9][a-z0-9._-]{0,62}; the HKDF info is
//
//	purpose || 0x00 || for each part: uint32 big-endian length || part
//
// so that no two (purpose, parts) lists share an info string. The derived key
// keeps k's version and dev flag.
func (k Key) Derive(purpose string, parts ...string) (Key, error) {
	if k.IsZero() {
		return Key{}, ErrZeroKey
	}
	if !validLabel(purpose, 63) {
		return Key{}, ErrPurpose
	}
	info := make([]byte, 0, len(purpose)+1+8*len(parts))
	info = append(info, purpose...)
	info = append(info, 0)
	for _, p := range parts {
		info = binary.BigEndian.AppendUint32(info, uint32(len(p)))
		info = append(info, p...)
	}
	okm, err := hkdfSHA256([]byte(hkdfSalt), []byte(*k.material), info, sha256.Size)
	if err != nil {
		return Key{}, err
	}
	return newKey(okm, k.version, k.dev)
}

// ProjectPseudonym returns HMAC(HKDF(k, projectID), pid): the pseudonym of
// pid released to one project, so that two projects cannot link their
// outputs. Call it on the project root key, not on the linkage key. The
// result is a dev pseudonym if either k or pid is dev.
//
// Each call derives the project key afresh (about four extra HMACs); to
// release many, hold Derive(PurposeProject, projectID) and call Repseudonymise.
func (k Key) ProjectPseudonym(projectID string, pid Pseudonym) (Pseudonym, error) {
	if projectID == "" {
		return Pseudonym{}, ErrProjectID
	}
	pk, err := k.Derive(PurposeProject, projectID)
	if err != nil {
		return Pseudonym{}, err
	}
	return pk.Repseudonymise(pid), nil
}

// Repseudonymise returns HMAC-SHA256(k, pid's 32 bytes), dev if either k or
// pid is dev. With a key from Derive(PurposeProject, id) it is the
// per-project pseudonym.
func (k Key) Repseudonymise(pid Pseudonym) Pseudonym {
	if k.IsZero() {
		panic("pseudonym: Repseudonymise with the zero Key")
	}
	var p Pseudonym
	macInto(k.newMAC(), &p, pid.sum[:])
	p.dev = k.dev || pid.dev
	return p
}

// hkdfSHA256 is the single HKDF call behind Derive, kept separate so that the
// RFC 5869 vectors run through exactly this code.
func hkdfSHA256(salt, ikm, info []byte, n int) ([]byte, error) {
	out := make([]byte, n)
	if _, err := io.ReadFull(hkdf.New(sha256.New, ikm, salt, info), out); err != nil {
		return nil, err
	}
	return out, nil
}
