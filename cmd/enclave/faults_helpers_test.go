package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// count runs a count(*) query on db as a superuser.
func count(t *testing.T, db *pgtest.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SharedSuper(t).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// eventually polls cond every 100ms until it holds, failing t after
// within: the generous bound of a wait, not a speed requirement.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// verifyAudit enrols a first officer and an auditor on the server at
// operator's address and has the auditor verify the whole log with the
// CLI, against the key the server publishes.
func verifyAudit(t *testing.T, db *pgtest.DB, operator []string) string {
	t.Helper()
	addr := strings.TrimPrefix(operator[0], "ENCLAVE_ADDR=")
	auditor := enrolCLI(t, operator, bootstrapOfficerCLI(t, db, addr, "vera"), "aldo", "auditor")
	return verifyAuditAs(t, auditor)
}

// verifyAuditAs runs `enclave audit verify` as auditor, with the key the
// server publishes, and fails t unless the log verifies.
func verifyAuditAs(t *testing.T, auditor []string) string {
	t.Helper()
	key, err := runCmd(t, auditor, "audit", "key")
	if err != nil {
		t.Fatalf("audit key: %v\n%s", err, key)
	}
	keyFile := filepath.Join(t.TempDir(), "audit.vkey")
	if err := os.WriteFile(keyFile, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, auditor, "audit", "verify", "--key-file", keyFile)
	if err != nil || !strings.HasPrefix(out, "OK: ") {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
	return out
}

// call sends a request with token and returns the status, the Content-Type
// and the body.
func call(t *testing.T, method, url, token, body string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}
