package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// TestServerKeepsCheckpointInVaultKV runs a production server that keeps
// every checkpoint it signs in (a double of) Vault's KV engine, through the
// real Vault client; started again on an older database (here, an empty
// one) with the same Vault, it finds the rollback, until an operator
// acknowledges it.
func TestServerKeepsCheckpointInVaultKV(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	v.CreateKey(t, "enclave-audit", "ed25519")
	v.PutSecret(vault.DefaultCheckpointPath, map[string]any{"checkpoint": ""}) // as RUNBOOK.md creates it
	prod := func(db *pgtest.DB) []string {
		return append(serverEnv(t, db), "ENCLAVE_MODE=production", "ENCLAVE_CATALOGUE_DIR=../../catalogue", "ENCLAVE_AUDIT_SIGNER=vault-transit",
			"ENCLAVE_AUDIT_SIGNING_KEY=", "ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token())
	}
	client, err := vault.NewClient(vault.Config{Address: v.Addr(), Token: v.Token(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := vault.NewCheckpointStore(client, "", vault.DefaultCheckpointPath)
	if err != nil {
		t.Fatal(err)
	}

	srv := start(t, []string{"server"}, prod(pgtest.New(t)))
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	signed, err := runCmd(t, operator, "audit", "checkpoint")
	if err != nil {
		t.Fatalf("checkpoint: %v\n%s", err, signed)
	}
	if got, err := kept.Load(context.Background()); err != nil || string(got) != signed {
		t.Fatalf("Vault KV holds %q, %v; want the checkpoint just signed:\n%s", got, err, signed)
	}
	if err := srv.stop(t); err != nil {
		t.Fatal(err)
	}

	srv = start(t, []string{"server"}, prod(pgtest.New(t)))
	addr = srv.waitFor(t, servingRe, srv.stderr)
	operator = []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	if !strings.Contains(srv.stderr.String(), "rollback found") || !strings.Contains(srv.stderr.String(), "Vault KV secret/enclave/audit-checkpoint") {
		t.Errorf("the server did not log the rollback:\n%s", srv.stderr)
	}
	if code, checks := readyChecks(t, addr); code != http.StatusServiceUnavailable || !strings.Contains(checks["rollback"], "acknowledges the rollback") {
		t.Errorf("/readyz on the older database = %d %v, want 503 naming the rollback", code, checks)
	}
	out, err := runCmd(t, operator, "audit", "acknowledge-rollback", "--reason", "test: an older database")
	if err != nil || !strings.Contains(out, "Rollback acknowledged") || !strings.Contains(out, "Vault KV") {
		t.Fatalf("acknowledge-rollback: %v\n%s", err, out)
	}
	if code, checks := readyChecks(t, addr); code != http.StatusOK {
		t.Errorf("/readyz after the acknowledgement = %d %v", code, checks)
	}
	if got, _ := kept.Load(context.Background()); string(got) == signed {
		t.Error("the acknowledgement left the old checkpoint in Vault KV")
	}
	if out, err := runCmd(t, operator, "audit", "acknowledge-rollback", "--reason", "again"); err == nil || !strings.Contains(err.Error(), "no rollback to acknowledge") {
		t.Errorf("a second acknowledgement: %v\n%s", err, out)
	}
}

// readyChecks returns /readyz's status and checks, each failing one
// followed by its reason.
func readyChecks(t *testing.T, addr string) (int, map[string]string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var body struct {
		Checks  map[string]string `json:"checks"`
		Reasons map[string]string `json:"reasons"`
	}
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("/readyz: %v\n%s", err, b)
	}
	for name, why := range body.Reasons {
		body.Checks[name] += ": " + why
	}
	return resp.StatusCode, body.Checks
}

// TestServerCheckpointStateSettings: a file keeps the checkpoint in dev mode
// only, and one the audit key did not sign stops the server.
func TestServerCheckpointStateSettings(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	v.CreateKey(t, "enclave-audit", "ed25519")
	file := filepath.Join(t.TempDir(), "checkpoint")
	env := append(serverEnv(t, pgtest.New(t)), "ENCLAVE_MODE=production", "ENCLAVE_CATALOGUE_DIR=../../catalogue", "ENCLAVE_AUDIT_SIGNER=vault-transit",
		"ENCLAVE_AUDIT_SIGNING_KEY=", "ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token(), "ENCLAVE_CHECKPOINT_STATE="+file)
	if _, err := runCmd(t, env, "server"); err == nil || !strings.Contains(err.Error(), "ENCLAVE_CHECKPOINT_STATE (a file) is for dev mode only") {
		t.Errorf("production server with a checkpoint file: %v", err)
	}

	skey, _, err := audit.NewDevSigner("enclave.test/audit")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := audit.SignCheckpoint(audit.Checkpoint{Origin: "enclave.test/audit", Size: 1, Time: time.Now()}, signer)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, foreign, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = runCmd(t, append(serverEnv(t, pgtest.New(t)), "ENCLAVE_CHECKPOINT_STATE="+file), "server")
	if err == nil || !strings.Contains(err.Error(), "does not verify with the audit key") || !strings.Contains(err.Error(), file) {
		t.Errorf("dev server with a checkpoint another key signed: %v", err)
	}
}

// TestServerFindsRollbackOnSIGHUP: a restore under a running server is
// found on SIGHUP (here, the kept checkpoint is replaced by one of a longer
// log, which is what a restore of an older database looks like from it).
func TestServerFindsRollbackOnSIGHUP(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "checkpoint")
	env := append(serverEnv(t, pgtest.New(t)), "ENCLAVE_CHECKPOINT_STATE="+file)
	srv, proc := startProcess(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	if code, checks := readyChecks(t, addr); code != http.StatusOK {
		t.Fatalf("/readyz = %d %v", code, checks)
	}
	var skey string
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "ENCLAVE_AUDIT_SIGNING_KEY="); ok {
			skey = v
		}
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	ahead, err := audit.SignCheckpoint(audit.Checkpoint{Origin: "enclave.test/audit", Size: 1000, Root: [32]byte{7}, Time: time.Now()}, signer)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, ahead, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := proc.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	srv.waitFor(t, regexp.MustCompile(`"msg":"(rollback found)`), srv.stderr)
	if code, checks := readyChecks(t, addr); code != http.StatusServiceUnavailable || !strings.Contains(checks["rollback"], "acknowledges the rollback") {
		t.Errorf("/readyz after SIGHUP = %d %v, want 503 naming the rollback", code, checks)
	}
}
