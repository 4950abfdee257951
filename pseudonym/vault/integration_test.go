package vault_test

import (
	"os"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault"
)

// TestIntegrationRealVault runs the flows of integration_flows_test.go
// against a real Vault. It is opt-in: without VAULT_ADDR and VAULT_TOKEN it
// skips, saying so (and fails instead when ENCLAVE_TEST_REQUIRE_VAULT=1, for
// a CI job that provides Vault).
//
// The token must be able to create and delete transit keys and KV secrets,
// for example a dev server's root token:
//
//	vault server -dev -dev-root-token-id=root &
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=root vault secrets enable transit
//	VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=root go test -run Integration -v ./pseudonym/vault/
//
// Transit is expected at VAULT_TEST_TRANSIT_MOUNT (default "transit") and
// KV version 2 at VAULT_TEST_KV_MOUNT (default "secret", as in dev mode).
// Everything it creates has a unique name and is deleted at the end.
func TestIntegrationRealVault(t *testing.T) {
	addr, token := os.Getenv("VAULT_ADDR"), os.Getenv("VAULT_TOKEN")
	if addr == "" || token == "" {
		msg := "NO REAL VAULT: the Vault integration test did not run. Set VAULT_ADDR and VAULT_TOKEN " +
			"(a token that may create transit keys and KV secrets) to run it against a real Vault."
		if os.Getenv("ENCLAVE_TEST_REQUIRE_VAULT") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	c, err := vault.NewClient(vault.Config{
		Address:   addr,
		Token:     token,
		Namespace: os.Getenv("VAULT_NAMESPACE"),
		CACert:    os.Getenv("VAULT_CACERT"),
	})
	if err != nil {
		t.Fatal(err)
	}
	runFlows(t, c, envOr("VAULT_TEST_TRANSIT_MOUNT", "transit"), envOr("VAULT_TEST_KV_MOUNT", "secret"))
}

// TestIntegrationFlowsAgainstDouble runs the same flows against the double
// on every test run, so that the opt-in test's own code stays tested.
func TestIntegrationFlowsAgainstDouble(t *testing.T) {
	t.Parallel()
	_, c := newDouble(t)
	runFlows(t, c, "transit", "secret")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
