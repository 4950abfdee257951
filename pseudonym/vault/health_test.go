package vault_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestReady(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault func(*vaulttest.Server)
		want  error
	}{
		{"unsealed", func(*vaulttest.Server) {}, nil},
		{"sealed", (*vaulttest.Server).Seal, vault.ErrSealed},
		{"server error", func(s *vaulttest.Server) { s.FailNext(1, http.StatusInternalServerError) }, vault.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c := newDouble(t)
			tt.fault(s)
			if err := vault.Ready(ctxFor(t), c); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Ready = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestReadyUnreachable(t *testing.T) {
	t.Parallel()
	c := clientFor(t, "http://127.0.0.1:1", "token")
	if err := vault.Ready(ctxFor(t), c); !errors.Is(err, vault.ErrUnavailable) {
		t.Errorf("Ready = %v, want ErrUnavailable", err)
	}
}

// TestReadyNeedsNoToken: sys/health is unauthenticated in Vault, so the
// policy need not grant it.
func TestReadyNeedsNoToken(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	if err := vault.Ready(ctxFor(t), clientFor(t, s.Addr(), "wrong")); err != nil {
		t.Errorf("Ready with a wrong token = %v, want nil", err)
	}
}
