package main

import (
	"context"
	"fmt"
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
func count(t testing.TB, db *pgtest.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SharedSuper(t).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// eventually polls cond every 100ms until it holds, failing t after
// within: the generous bound of a wait, not a speed requirement.
func eventually(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// verifyAudit enrols an auditor, whom officer approves, and has them
// verify the whole log with the CLI.
func verifyAudit(t testing.TB, operator, officer []string) string {
	t.Helper()
	return verifyAuditAs(t, enrolCLI(t, operator, officer, "aldo", "auditor"))
}

// verifyAuditAs runs `enclave audit verify` as auditor, with the key the
// server publishes, and fails t unless the log verifies.
func verifyAuditAs(t testing.TB, auditor []string) string {
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

// call sends a request with token and returns the status, the
// Content-Type and the body, failing t if no answer came.
func call(t testing.TB, method, url, token, body string) (int, string, string) {
	t.Helper()
	code, ctype, b, err := send(method, url, token, body)
	if err != nil {
		t.Fatal(err)
	}
	return code, ctype, b
}

// send is call for goroutines other than the test's: it returns the error.
func send(method, url, token, body string) (int, string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", "", fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b), err
}

// project is an approved project with a researcher who may query it.
type project struct {
	id         string
	researcher []string    // client environment of its lead
	officer    []string    // the first officer, who enrolled the others
	officers   [2][]string // the officers who drafted and approved it
}

// newProject enrols officers and a researcher on the server at
// operator's address and has the officers approve a project, under
// consent (so that no opt-out list is needed), on the patients' sex and
// year of birth.
func newProject(t testing.TB, db *pgtest.DB, operator []string) project {
	t.Helper()
	addr := strings.TrimPrefix(operator[0], "ENCLAVE_ADDR=")
	p := project{officer: bootstrapOfficerCLI(t, db, addr, "vera")}
	p.officers = [2][]string{enrolCLI(t, operator, p.officer, "gov-a", "governance"), enrolCLI(t, operator, p.officer, "gov-b", "governance")}
	govA, govB := p.officers[0], p.officers[1]
	p.researcher = enrolCLI(t, operator, p.officer, "res-1", "researcher")
	purpose := filepath.Join(t.TempDir(), "purpose.txt")
	if err := os.WriteFile(purpose, []byte("How the enclave behaves when its parts fail.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(who []string, args ...string) string {
		t.Helper()
		out, err := runCmd(t, who, args...)
		if err != nil {
			t.Fatalf("enclave %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	out := run(govA, "project", "create", "--format", "json", "--title", "Faults", "--purpose-file", purpose,
		"--lead", "res-1", "--legal-basis", "consent", "--start", "2025-01-01", "--expiry", "2099-12-31",
		"--scope", "patients:sex,year_of_birth,lsoa_code", "--threshold", "10", "--rounding", "5")
	p.id = jsonOf(t, out)["id"].(string)
	run(govA, "project", "submit", p.id)
	run(govB, "project", "approve", p.id)
	return p
}
