package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// auditFixture is a running server with a few audited actions, an auditor's
// client environment, the pinned key in a file and a state file from a first
// successful verify.
type auditFixture struct {
	db        *pgtest.DB
	serverEnv []string
	operator  []string // client environment of the operator
	auditor   []string // client environment of the auditor
	keyFile   string
	stateFile string
}

func newAuditFixture(t *testing.T) *auditFixture {
	t.Helper()
	f := &auditFixture{db: pgtest.New(t)}
	f.serverEnv = serverEnv(t, f.db)
	f.start(t, f.serverEnv)
	dir := t.TempDir()
	f.keyFile, f.stateFile = filepath.Join(dir, "audit.vkey"), filepath.Join(dir, "state.json")
	key, err := runCmd(t, f.operator, "audit", "key")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.keyFile, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"nina", "omar"} {
		if out, err := runCmd(t, f.operator, "token", "create", "--principal", p, "--role", "researcher"); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	out, err := runCmd(t, f.auditor, "audit", "verify", "--key-file", f.keyFile, "--state", f.stateFile, "--init")
	if err != nil || !strings.Contains(out, "OK: ") {
		t.Fatalf("first audit verify --init: %v\n%s", err, out)
	}
	return f
}

// start runs a server with env and points the clients at it.
func (f *auditFixture) start(t testing.TB, env []string) {
	t.Helper()
	srv := start(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	if f.operator == nil {
		token := srv.waitFor(t, bootstrapRe, srv.stdout)
		f.operator = []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + token}
		f.auditor = enrolCLI(t, f.operator, bootstrapOfficerCLI(t, f.db, addr, "vera"), "aldo", "auditor")
		return
	}
	f.operator[0], f.auditor[0] = "ENCLAVE_ADDR="+addr, "ENCLAVE_ADDR="+addr
}

func (f *auditFixture) verify(t *testing.T) (string, error) {
	t.Helper()
	return runCmd(t, f.auditor, "audit", "verify", "--key-file", f.keyFile, "--state", f.stateFile)
}

func (f *auditFixture) mustVerify(t *testing.T, want string) string {
	t.Helper()
	out, err := f.verify(t)
	if err != nil || !regexp.MustCompile(want).MatchString(out) {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
	return out
}

// asOwner runs SQL as the database owner, who alone passes the append-only
// trigger: the tampering a database administrator could do.
func (f *auditFixture) asOwner(t *testing.T, sql string) {
	t.Helper()
	conn := f.db.Owner(t)
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("tamper %q: %v", sql, err)
	}
}

func TestAuditVerifyTwiceProvesConsistency(t *testing.T) {
	t.Parallel()
	f := newAuditFixture(t)
	if out, err := runCmd(t, f.auditor, "audit", "verify", "--key-file", f.keyFile, "--state", f.stateFile+".typo"); err == nil || !strings.Contains(err.Error(), "--init") {
		t.Errorf("verify with a missing state file: %v\n%s", err, out)
	}
	if out, err := runCmd(t, f.auditor, "audit", "verify", "--key-file", f.keyFile, "--state", f.stateFile, "--init"); err == nil {
		t.Errorf("--init over an existing state file succeeded:\n%s", out)
	}
	if out, err := runCmd(t, f.operator, "token", "create", "--principal", "pia", "--role", "governance"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	f.mustVerify(t, `OK: \d+ events verified .*; consistent with the checkpoint saved at .* \(size \d+\)`)

	out, err := runCmd(t, f.auditor, "audit", "events", "--kind", "token.create", "--format", "csv")
	if err != nil || strings.Count(out, "token.create") != 4 || !strings.HasPrefix(out, "seq,time,principal") {
		t.Errorf("audit events --format csv: %v\n%s", err, out)
	}
	out, err = runCmd(t, f.operator, "audit", "events")
	if err == nil || !strings.Contains(err.Error(), "role.not_permitted") {
		t.Errorf("an operator read the audit log: %v\n%s", err, out)
	}

	bundle := filepath.Join(t.TempDir(), "proof.json")
	if out, err := runCmd(t, f.auditor, "audit", "prove", "--event", "2", "--key-file", f.keyFile, "--out", bundle); err != nil {
		t.Fatalf("prove --event: %v\n%s", err, out)
	}
	out, err = runCmd(t, nil, "audit", "prove", "--check", bundle, "--key-file", f.keyFile)
	if err != nil || !strings.Contains(out, "OK: event 2 (token.create") {
		t.Errorf("offline check of an inclusion proof: %v\n%s", err, out)
	}
	st, err := loadState(f.stateFile, false)
	if err != nil {
		t.Fatal(err)
	}
	size, err := audit.CheckpointSize([]byte(st.Checkpoint))
	if err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, f.auditor, "audit", "prove", "--from", "3", "--to", itoa(size), "--key-file", f.keyFile)
	if err == nil {
		t.Logf("consistency from an unsigned size unexpectedly succeeded: %s", out)
	}
	if _, err := runCmd(t, f.auditor, "audit", "checkpoint"); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, f.auditor, "audit", "prove", "--from", itoa(size), "--key-file", f.keyFile, "--out", bundle)
	if err != nil {
		t.Fatalf("prove --from: %v\n%s", err, out)
	}
	out, err = runCmd(t, nil, "audit", "prove", "--check", bundle, "--key-file", f.keyFile)
	if err != nil || !strings.Contains(out, "OK: the log of") {
		t.Errorf("offline check of a consistency proof: %v\n%s", err, out)
	}
	other, _, _ := audit.NewDevSigner("enclave.test/audit")
	otherKey, _ := audit.DevVerifierKey(other)
	if out, err := runCmd(t, nil, "audit", "prove", "--check", bundle, "--key", otherKey); err == nil {
		t.Errorf("a proof checked with another key passed:\n%s", out)
	}
}

// TestAuditVerifyDetectsTampering tampers with the log directly in the
// database, as its owner, and expects verify to fail and say where.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tamper func(t *testing.T, f *auditFixture)
		want   string
	}{
		{"changed body", func(t *testing.T, f *auditFixture) {
			f.asOwner(t, `UPDATE audit_events SET canonical = convert_to(replace(convert_from(canonical, 'UTF8'), '"aldo"', '"alda"'), 'UTF8') WHERE seq = 2`)
		}, `event 2`},
		{"deleted event", func(t *testing.T, f *auditFixture) {
			f.asOwner(t, `DELETE FROM audit_events WHERE seq = 2`)
		}, `event 2`},
		{"reordered events", func(t *testing.T, f *auditFixture) {
			f.asOwner(t, `UPDATE audit_events a SET canonical = b.canonical, leaf_hash = b.leaf_hash
				FROM audit_events b WHERE (a.seq, b.seq) IN ((1, 2), (2, 1))`)
		}, `event 1`},
		{"truncated tail", func(t *testing.T, f *auditFixture) {
			f.asOwner(t, `DELETE FROM audit_events WHERE seq >= 3`)
		}, `missing|short|truncat`},
		{"re-signed with another key", func(t *testing.T, f *auditFixture) {
			skey, _, _ := audit.NewDevSigner("enclave.test/audit")
			f.start(t, append(f.serverEnv, "ENCLAVE_AUDIT_SIGNING_KEY="+skey))
		}, `does not verify with the pinned key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newAuditFixture(t)
			tt.tamper(t, f)
			out, err := f.verify(t)
			if err == nil || !strings.Contains(out, "FAILED") || !regexp.MustCompile(tt.want).MatchString(out) {
				t.Errorf("verify after tampering: err=%v, want FAILED matching %q:\n%s", err, tt.want, out)
			}
			t.Log(out)
		})
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
