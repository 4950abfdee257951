package pseudonym

import (
	"context"
	"fmt"
)

// Pseudonymiser turns identifiers into pseudonyms in batches. Key sources
// implement it: LocalPseudonymiser (key held in process: the vault-kv and dev
// sources) here, Vault transit in pseudonym/vault.
//
// It is the pseudonym oracle of invariant 2: wire it into ingest and opt-out
// import only, never into anything a researcher can reach.
type Pseudonymiser interface {
	// Pseudonymise returns one pseudonym per identifier, in order. It fails
	// as a whole (no partial result) if any identifier is the zero value or
	// ctx ends.
	Pseudonymise(ctx context.Context, ids []Identifier) ([]Pseudonym, error)
	// KeyVersion is the pinned key version every pseudonym was made with.
	KeyVersion() int
	// Dev reports whether this is the dev key source.
	Dev() bool
}

var _ Pseudonymiser = LocalPseudonymiser{}

// LocalPseudonymiser computes HMAC-SHA256 in process with Key. It is safe for
// concurrent use: each call builds its own HMAC state.
type LocalPseudonymiser struct {
	Key Key
}

// ctxCheckEvery is how many identifiers are hashed between checks of ctx.
const ctxCheckEvery = 4096

// Pseudonymise implements Pseudonymiser. It keeps one HMAC for the whole batch
// (Reset between messages restores the precomputed key state) and writes each
// sum straight into the result, so the only allocations per call are the
// result slice, the HMAC and one scratch buffer.
func (l LocalPseudonymiser) Pseudonymise(ctx context.Context, ids []Identifier) ([]Pseudonym, error) {
	if l.Key.IsZero() {
		return nil, ErrZeroKey
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]Pseudonym, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	h := l.Key.newMAC()
	buf := make([]byte, 0, 64)
	for i, id := range ids {
		if id.IsZero() {
			return nil, fmt.Errorf("pseudonymise: identifier %d of %d: %w", i, len(ids), ErrZeroIdentifier)
		}
		if i > 0 && i%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		buf = append(buf[:0], *id.msg...)
		macInto(h, &out[i], buf)
		out[i].dev = l.Key.dev
	}
	return out, nil
}

// KeyVersion implements Pseudonymiser.
func (l LocalPseudonymiser) KeyVersion() int { return l.Key.version }

// Dev implements Pseudonymiser.
func (l LocalPseudonymiser) Dev() bool { return l.Key.dev }

// SourceError is a key source's failure, with why in words fit to show the
// operator who asked ("Vault is sealed"): never a value, never a secret.
type SourceError struct {
	Why string
	Err error
}

func (e *SourceError) Error() string { return e.Why + ": " + e.Err.Error() }
func (e *SourceError) Unwrap() error { return e.Err }
