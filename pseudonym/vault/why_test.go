package vault_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/pseudonym"
	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// TestWhy: a failed pseudonymisation says, in words for the operator,
// whether Vault is sealed, failing, refusing or too slow.
func TestWhy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault func(*vaulttest.Server)
		want  string
	}{
		{"sealed", (*vaulttest.Server).Seal, "Vault is sealed: an operator must unseal it"},
		{"failing", func(s *vaulttest.Server) { s.FailNext(10, http.StatusBadGateway) }, "Vault is unreachable or failing"},
		{"denied", func(s *vaulttest.Server) { s.FailNext(1, http.StatusForbidden) }, "Vault denied the request: check the service's token and policy"},
		{"rejected", func(s *vaulttest.Server) { s.FailNext(1, http.StatusBadRequest) }, "Vault rejected the request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, h := newHMAC(t, fastRetries)
			tt.fault(s)
			id, err := pseudonym.Local("sys", "1")
			if err != nil {
				t.Fatal(err)
			}
			_, err = vault.NewTransitPseudonymiser(h).Pseudonymise(ctxFor(t), []pseudonym.Identifier{id})
			var se *pseudonym.SourceError
			if !errors.As(err, &se) || se.Why != tt.want || !strings.HasPrefix(err.Error(), tt.want+": ") {
				t.Errorf("Pseudonymise: %v, want a SourceError saying %q", err, tt.want)
			}
		})
	}
	if got := vault.Why(fmt.Errorf("call: %w", context.DeadlineExceeded)); got != "Vault did not answer in time" {
		t.Errorf("Why(deadline) = %q", got)
	}
}
