package vault_test

import (
	"errors"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestNewTransitHMACWrongToken(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	s.CreateKey(t, "pid", "hmac")
	c := clientFor(t, s.Addr(), "not-the-token")

	_, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 1, vault.TransitOptions{})

	if !errors.Is(err, vault.ErrDenied) {
		t.Errorf("err = %v, want ErrDenied", err)
	}
}

func TestTransitOptionsValidation(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "pid", "hmac")
	for _, o := range []vault.TransitOptions{
		{BatchSize: vault.MaxBatchSize + 1}, {BatchSize: -1}, {InFlight: -2}, {Mount: "../sys"},
	} {
		if _, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 1, o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
	if _, err := vault.NewTransitHMAC(ctxFor(t), c, "pid/../x", 1, vault.TransitOptions{}); err == nil {
		t.Errorf("key name with a path accepted")
	}
}
