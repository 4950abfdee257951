package vault_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/pseudonym/vault"
)

func TestNewTransitSignerErrors(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "audit", "ed25519")
	s.CreateKey(t, "pid", "hmac")
	tests := []struct {
		name, key, signer string
		version           int
		want              string
	}{
		{"unpinned", "audit", "log", 0, "must be pinned"},
		{"name with space", "audit", "audit log", 1, "invalid note signer name"},
		{"name with plus", "audit", "a+b", 1, "invalid note signer name"},
		{"not ed25519", "pid", "log", 1, `key type is "hmac"`},
		{"missing key", "nope", "log", 1, "not found"},
		{"version beyond latest", "audit", "log", 2, "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vault.NewTransitSigner(ctxFor(t), c, "transit", tt.key, tt.signer, tt.version, time.Second)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

func TestTransitSignerSealed(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "audit", "ed25519")
	signer, err := vault.NewTransitSigner(ctxFor(t), c, "transit", "audit", "log", 1, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	s.Seal()

	_, err = note.Sign(&note.Note{Text: checkpoint}, signer)

	if !errors.Is(err, vault.ErrSealed) {
		t.Errorf("Sign while sealed = %v, want ErrSealed", err)
	}
}
