package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// TestVaultFaults runs a server whose pseudonyms come from (a double of)
// Vault transit, reached through a proxy that can go down. With Vault
// sealed, down, or slower than ENCLAVE_VAULT_TIMEOUT, a load fails whole
// with a message naming the key source, /readyz says which check fails and
// why, and a research query, which needs no key, is still answered. Once
// Vault is back, loads work again without a restart.
func TestVaultFaults(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	v.CreateKey(t, "enclave-pid", "hmac")
	proxy := newSwitchable(t, strings.TrimPrefix(v.Addr(), "http://"))
	db := pgtest.New(t)
	env := append(serverEnv(t, db), "ENCLAVE_KEY_SOURCE=vault-transit", "ENCLAVE_VAULT_ADDR=http://"+proxy.Addr(),
		"ENCLAVE_VAULT_TOKEN="+v.Token(), "ENCLAVE_VAULT_TIMEOUT=200ms")
	srv := start(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	p := newProject(t, db, operator)
	ingest := func(seed int64) (string, error) {
		return runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", patientsCSV(t, seed))
	}
	if out, err := ingest(1); err != nil || !strings.Contains(out, "100 stored") {
		t.Fatalf("ingest with Vault up: %v\n%s", err, out)
	}
	query := []string{"query", "run", "--project", p.id, "--sql", "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex"}

	faults := []struct {
		name         string
		break_, mend func()
		reason       string
	}{
		{"sealed", v.Seal, v.Unseal, "Vault is sealed: an operator must unseal it"},
		{"down", func() { proxy.set(true) }, func() { proxy.set(false) }, "Vault is unreachable or failing"},
		{"slow", func() { v.Delay(time.Second) }, func() { v.Delay(0) }, "Vault did not answer in time"},
	}
	for i, f := range faults {
		f.break_()
		code, body := readyz(t, addr)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, `"key_source":"failing"`) || !strings.Contains(body, f.reason) ||
			!strings.Contains(body, `"database":"ok"`) {
			t.Errorf("%s: /readyz = %d %s, want 503 with key_source failing: %s", f.name, code, body, f.reason)
		}
		out, err := ingest(int64(10 + i))
		if err == nil || !strings.Contains(err.Error(), "the key source failed ("+f.reason+"), so nothing was stored") {
			t.Errorf("%s: ingest: %v, want a failure naming the key source\n%s", f.name, err, out)
		} else {
			t.Logf("%s: ingest: %v", f.name, err)
		}
		if out, err := runCmd(t, p.researcher, query...); err != nil || !strings.Contains(out, "manifest: query sha256:") {
			t.Errorf("%s: a query, which needs no key: %v\n%s", f.name, err, out)
		}
		f.mend()
		if code, body := readyz(t, addr); code != http.StatusOK {
			t.Errorf("%s mended: /readyz = %d %s", f.name, code, body)
		}
		if out, err := ingest(int64(20 + i)); err != nil || !strings.Contains(out, "100 stored") {
			t.Errorf("%s mended: ingest: %v\n%s", f.name, err, out)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM dataset_loads`); n != 1+len(faults) {
		t.Errorf("%d loads recorded, want %d: a failed load stored its record", n, 1+len(faults))
	}
	if n := count(t, db, `SELECT count(*) FROM audit_events WHERE kind = 'dataset.load' AND outcome = 'failure'`); n != len(faults) {
		t.Errorf("%d failed loads audited, want %d", n, len(faults))
	}
	verifyAudit(t, operator, p.officer)
}
