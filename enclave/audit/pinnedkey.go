package audit

import (
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
)

// ErrNoKey is PinnedKey's answer when there is no key to verify with.
var ErrNoKey = errors.New("no pinned key")

// ErrKeyChanged is PinnedKey's answer to a key that differs from the one
// in the saved state.
var ErrKeyChanged = errors.New("the key given differs from the one pinned in the state file: if the signing key was rotated, start a new state file")

// PinnedKey returns the verifier key a run checks the log with: the key
// given, or the one pinned in the saved state when none is given (last may
// be nil). A key given that differs from the pinned one is refused: a
// verifier that quietly took the new key would accept a log signed by
// anyone.
func PinnedKey(given string, last *State) (string, error) {
	switch {
	case given == "" && last != nil:
		return last.VerifierKey, nil
	case given == "":
		return "", ErrNoKey
	case last != nil && last.VerifierKey != given:
		return "", ErrKeyChanged
	}
	return given, nil
}

// ParseVerifierKey reads a pinned key in the note verifier key format (the
// output of `enclave audit key`).
func ParseVerifierKey(key string) (note.Verifier, error) {
	v, err := note.NewVerifier(key)
	if err != nil {
		return nil, fmt.Errorf("the pinned key is not a verifier key: %w", err)
	}
	return v, nil
}
