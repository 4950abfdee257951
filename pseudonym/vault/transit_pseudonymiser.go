package vault

import (
	"context"
	"fmt"

	"github.com/research-enclave/enclave/pseudonym"
)

var _ pseudonym.Pseudonymiser = TransitPseudonymiser{}

// TransitPseudonymiser is the vault-transit key source as a
// pseudonym.Pseudonymiser: each identifier's domain message is HMACed by
// TransitHMAC inside Vault, under its pinned key version, so the pseudonyms
// equal those of a pseudonym.LocalPseudonymiser holding the same key
// material, and the material never leaves Vault. Its pseudonyms are never
// dev ones. It is safe for concurrent use.
type TransitPseudonymiser struct {
	hmac *TransitHMAC
}

// NewTransitPseudonymiser returns the Pseudonymiser over h.
func NewTransitPseudonymiser(h *TransitHMAC) TransitPseudonymiser {
	return TransitPseudonymiser{hmac: h}
}

// Pseudonymise implements pseudonym.Pseudonymiser. Like TransitHMAC.HMAC it
// is all or nothing, and its errors name identifiers by index only; a
// failure of Vault is a *pseudonym.SourceError saying why.
func (t TransitPseudonymiser) Pseudonymise(ctx context.Context, ids []pseudonym.Identifier) ([]pseudonym.Pseudonym, error) {
	msgs := make([][]byte, len(ids))
	for i, id := range ids {
		if id.IsZero() {
			return nil, fmt.Errorf("pseudonymise: identifier %d of %d: %w", i, len(ids), pseudonym.ErrZeroIdentifier)
		}
		msgs[i] = id.DomainMessage()
	}
	sums, err := t.hmac.HMAC(ctx, msgs)
	if err != nil {
		return nil, &pseudonym.SourceError{Why: Why(err), Err: fmt.Errorf("pseudonymise %d identifiers: %w", len(ids), err)}
	}
	out := make([]pseudonym.Pseudonym, len(sums))
	for i := range sums {
		out[i], _ = pseudonym.PseudonymFromSum(sums[i][:], false) // a sum is always 32 bytes
	}
	return out, nil
}

// KeyVersion implements pseudonym.Pseudonymiser: the pinned transit key
// version.
func (t TransitPseudonymiser) KeyVersion() int { return t.hmac.KeyVersion() }

// Dev implements pseudonym.Pseudonymiser: transit keys are never dev keys.
func (TransitPseudonymiser) Dev() bool { return false }
