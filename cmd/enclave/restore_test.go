package main

import (
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

// demoRun is a running demo: its address, and the client environment of
// each of its principals.
type demoRun struct {
	*started
	addr string
	env  map[string][]string // by role: RESEARCHER, GOVERNANCE, AUDITOR, OPERATOR
}

// The demo keeps its checkpoint outside the database in its directory, and
// signs none on its own during a test.
func startDemo(t *testing.T, dir string) demoRun {
	t.Helper()
	env := []string{"ENCLAVE_LOG_FORMAT=text", "ENCLAVE_AUDIT_CHECKPOINT_INTERVAL=1h"}
	d := demoRun{started: start(t, []string{"demo", "--dir", dir, "--addr", "127.0.0.1:0", "--people", "1000"}, env), env: map[string][]string{}}
	d.addr = d.waitFor(t, readyRe, d.stdout)
	vars, err := readEnvFile(filepath.Join(dir, "demo.env"))
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"RESEARCHER", "GOVERNANCE", "AUDITOR", "OPERATOR"} {
		d.env[role] = []string{"ENCLAVE_ADDR=" + d.addr, "ENCLAVE_TOKEN=" + vars["ENCLAVE_TOKEN_"+role]}
	}
	return d
}

// demoQueries are the example queries the demo prints, as arguments.
var demoQueryRe = regexp.MustCompile(`enclave query run --project (prj_[a-z0-9]{12}) --sql "([^"]+)"`)

func (d demoRun) query(t *testing.T, n int) (string, error) {
	t.Helper()
	m := demoQueryRe.FindAllStringSubmatch(d.stdout.String(), -1)
	if len(m) <= n {
		t.Fatalf("the demo printed %d example queries, not %d:\n%s", len(m), n+1, d.stdout)
	}
	return runCmd(t, d.env["RESEARCHER"], "query", "run", "--project", m[n][1], "--sql", m[n][2])
}

func (d demoRun) must(t *testing.T, role string, args ...string) string {
	t.Helper()
	out, err := runCmd(t, d.env[role], args...)
	if err != nil {
		t.Fatalf("%s: enclave %s: %v\n%s", role, strings.Join(args, " "), err, out)
	}
	return out
}

func (d demoRun) readyz(t *testing.T) (int, map[string]string) { return readyChecks(t, d.addr) }

const released = "manifest: query sha256:"

// TestRestoreOlderBackupIsARollback backs up the demo's database, releases
// more answers and signs a checkpoint, then restores the older backup: the
// server refuses queries and /readyz says why, the auditor's saved state
// fails naming the rollback, and an operator's acknowledgement (audited)
// lets queries run again, every answer held for review until an officer
// lifts the hold. Then a full backup restored with nothing signed since
// verifies and serves.
func TestRestoreOlderBackupIsARollback(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "demo")
	t.Cleanup(func() { _ = localpg.Remove(filepath.Join(dir, "postgres")) })
	state := filepath.Join(t.TempDir(), "auditor-state.json")
	d := startDemo(t, dir)
	if out, err := d.query(t, 0); err != nil || !strings.Contains(out, released) {
		t.Fatalf("first answer: %v\n%s", err, out)
	}
	d.must(t, "AUDITOR", "audit", "verify", "--state", state, "--init", "--key-file", filepath.Join(dir, "audit.vkey"))
	pg := newDemoCluster(t, dir)
	older := pg.backup(t)

	// After the backup: another answer released, a checkpoint, the
	// auditor's state moved on.
	if out, err := d.query(t, 1); err != nil || !strings.Contains(out, released) {
		t.Fatalf("answer after the backup: %v\n%s", err, out)
	}
	d.must(t, "OPERATOR", "audit", "checkpoint")
	d.must(t, "AUDITOR", "audit", "verify", "--state", state)
	if err := d.stop(t); err != nil {
		t.Fatal(err)
	}

	pg.restore(t, older)
	d = startDemo(t, dir)
	if code, checks := d.readyz(t); code != http.StatusServiceUnavailable || !strings.Contains(checks["rollback"], "restored to a point behind the checkpoint") {
		t.Errorf("/readyz after restoring an older backup = %d %v, want 503 naming the rollback", code, checks)
	}
	out, err := d.query(t, 1)
	if err == nil || !strings.Contains(err.Error(), "rollback") || !strings.Contains(err.Error(), "HTTP 503") || !strings.Contains(err.Error(), "restored to an earlier point") {
		t.Fatalf("a query before the acknowledgement: %v\n%s", err, out)
	}
	out, err = runCmd(t, d.env["AUDITOR"], "audit", "verify", "--state", state)
	if err == nil || !strings.Contains(out+err.Error(), "rolled back") {
		t.Errorf("the auditor's saved state accepted the restored log: %v\n%s", err, out)
	}
	if out, err := runCmd(t, d.env["OPERATOR"], "audit", "acknowledge-rollback"); err == nil || !strings.Contains(err.Error(), "--reason") {
		t.Errorf("acknowledged without a reason: %v\n%s", err, out)
	}
	if out, err := runCmd(t, d.env["RESEARCHER"], "audit", "acknowledge-rollback", "--reason", "me"); err == nil || !strings.Contains(err.Error(), "role.not_permitted") {
		t.Errorf("a researcher acknowledged the rollback: %v\n%s", err, out)
	}
	// The refused query is audited, as every refusal is.
	out = d.must(t, "AUDITOR", "audit", "events", "--kind", "query.run", "--outcome", "failure", "--format", "json")
	if !strings.Contains(out, `"failed": "rollback"`) {
		t.Errorf("the query refused for the rollback was not audited:\n%s", out)
	}
	out = d.must(t, "OPERATOR", "audit", "acknowledge-rollback", "--reason", "restored last night's backup after a disk failure")
	if !strings.Contains(out, "Rollback acknowledged") {
		t.Errorf("acknowledge-rollback said:\n%s", out)
	}
	if code, _ := d.readyz(t); code != http.StatusOK {
		t.Errorf("/readyz after the acknowledgement = %d, want 200", code)
	}
	out = d.must(t, "AUDITOR", "audit", "events", "--kind", "audit.rollback_acknowledge", "--format", "json")
	for _, want := range []string{`"saved"`, `"found"`, `"size"`, `"root"`, `"reason": "hmac-sha256:`, `"principal": "demo-operator"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the acknowledgement's audit event lacks %s:\n%s", want, out)
		}
	}

	// The ledger forgot the cells released after the backup: the same
	// question is held for review now, not answered.
	if out, err := d.query(t, 1); err != nil || strings.Contains(out, released) || !strings.Contains(out, "review.rollback") {
		t.Errorf("an answer after the acknowledgement was not held for the rollback: %v\n%s", err, out)
	}
	if out, err := runCmd(t, d.env["OPERATOR"], "audit", "lift-rollback-hold", "--reason", "x"); err == nil || !strings.Contains(err.Error(), "role.not_permitted") {
		t.Errorf("an operator lifted the hold: %v\n%s", err, out)
	}
	d.must(t, "GOVERNANCE", "audit", "lift-rollback-hold", "--reason", "the answers released after the backup were reviewed")
	if out, err := d.query(t, 0); err != nil || !strings.Contains(out, released) {
		t.Errorf("an answer after the hold was lifted: %v\n%s", err, out)
	}
	if out, err := runCmd(t, d.env["GOVERNANCE"], "audit", "lift-rollback-hold", "--reason", "again"); err == nil || !strings.Contains(err.Error(), "conflict") {
		t.Errorf("a second lifting: %v\n%s", err, out)
	}

	// A full backup restored with nothing signed since: it verifies and
	// serves. The auditor starts a new state after the rollback.
	state = filepath.Join(t.TempDir(), "auditor-state.json")
	d.must(t, "AUDITOR", "audit", "verify", "--state", state, "--init", "--key-file", filepath.Join(dir, "audit.vkey"))
	latest := pg.backup(t)
	if err := d.stop(t); err != nil {
		t.Fatal(err)
	}
	pg.restore(t, latest)
	d = startDemo(t, dir)
	if code, checks := d.readyz(t); code != http.StatusOK {
		t.Errorf("/readyz after restoring the latest backup = %d %v", code, checks)
	}
	if out, err := d.query(t, 0); err != nil || !strings.Contains(out, released) {
		t.Errorf("a query after restoring the latest backup: %v\n%s", err, out)
	}
	d.must(t, "AUDITOR", "audit", "verify", "--state", state)
}
