package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// TestServerSignsCheckpointsWithVaultTransit runs a production-mode server
// whose checkpoints are signed by an ed25519 key in (a double of) Vault's
// transit engine, through the real Vault client.
func TestServerSignsCheckpointsWithVaultTransit(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	v.CreateKey(t, "enclave-audit", "ed25519")
	db := pgtest.New(t)
	env := append(serverEnv(t, db), "ENCLAVE_MODE=production", "ENCLAVE_CATALOGUE_DIR=../../catalogue", "ENCLAVE_AUDIT_SIGNER=vault-transit",
		"ENCLAVE_AUDIT_SIGNING_KEY=", "ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token())
	srv := start(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	token := srv.waitFor(t, bootstrapRe, srv.stdout)
	client := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + token}

	vkey, err := runCmd(t, client, "audit", "key")
	if err != nil {
		t.Fatal(err)
	}
	signed, err := runCmd(t, client, "audit", "checkpoint")
	if err != nil {
		t.Fatalf("checkpoint: %v\n%s", err, signed)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := audit.OpenCheckpoint([]byte(signed), verifier, "enclave.test/audit")
	if err != nil || cp.Size != 1 {
		t.Fatalf("checkpoint signed through Vault: %+v, %v", cp, err)
	}
	if v.Requests("transit/sign/enclave-audit") == 0 {
		t.Error("no signing request reached Vault")
	}

	v.Seal()
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with Vault sealed = %d, want 503", resp.StatusCode)
	}
	if out, err := runCmd(t, client, "audit", "checkpoint"); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("checkpoint with Vault sealed: %v\n%s", err, out)
	}
}

func TestServerRefusesUnknownVaultKey(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	env := append(serverEnv(t, pgtest.New(t)), "ENCLAVE_MODE=production", "ENCLAVE_CATALOGUE_DIR=../../catalogue", "ENCLAVE_AUDIT_SIGNER=vault-transit",
		"ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token())
	if _, err := runCmd(t, env, "server"); err == nil || !strings.Contains(err.Error(), "ENCLAVE_AUDIT_VAULT_KEY") {
		t.Errorf("server with a missing Vault key: %v", err)
	}
}

func TestProductionServerNeedsACatalogue(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	v.CreateKey(t, "enclave-audit", "ed25519")
	base := append(serverEnv(t, pgtest.New(t)), "ENCLAVE_MODE=production", "ENCLAVE_AUDIT_SIGNER=vault-transit",
		"ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token())
	if _, err := runCmd(t, base, "server"); err == nil || !strings.Contains(err.Error(), "ENCLAVE_CATALOGUE_DIR is not set") {
		t.Errorf("production server without a catalogue: %v", err)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "gp_events.yaml"), []byte("dataset: gp_events\nversoin: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := runCmd(t, append(base, "ENCLAVE_CATALOGUE_DIR="+bad), "server")
	if err == nil || !strings.Contains(err.Error(), "gp_events.yaml:2") {
		t.Errorf("production server with a bad catalogue: %v", err)
	}
}
