package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// bootstrapOfficerCLI enrols id as a first governance officer the way an
// installation does: the officer generates a token and hands over only its
// hash, which `enclave migrate` enrols as the owner role. It returns the
// officer's client environment for the server at addr.
func bootstrapOfficerCLI(t testing.TB, db *pgtest.DB, addr, id string) []string {
	t.Helper()
	secret, err := runCmd(t, nil, "token", "generate")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "officer-token")
	if err := os.WriteFile(file, []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	hash, err := runCmd(t, nil, "token", "hash", file)
	if err != nil || !strings.HasPrefix(hash, "sha256:") {
		t.Fatalf("token hash: %v %s", err, hash)
	}
	env := []string{"ENCLAVE_MODE=dev", "ENCLAVE_MIGRATE_DATABASE_URL=" + db.OwnerURL, "ENCLAVE_BOOTSTRAP_GOVERNANCE=" + id + "=" + strings.TrimSpace(hash)}
	if out, err := runCmd(t, env, "migrate"); err != nil || !strings.Contains(out, "enrolled 1 first governance officers") {
		t.Fatalf("migrate with a first officer: %v\n%s", err, out)
	}
	return []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + strings.TrimSpace(secret)}
}

// enrolCLI enrols principal id with role as the operator and returns its
// client environment. An officer or an auditor is pending until approver,
// a governance officer, approves it.
func enrolCLI(t testing.TB, operator, approver []string, id, role string) []string {
	t.Helper()
	out, err := runCmd(t, operator, "token", "create", "--principal", id, "--role", role)
	if err != nil {
		t.Fatalf("token create %s: %v\n%s", id, err, out)
	}
	env := []string{operator[0], "ENCLAVE_TOKEN=" + bootstrapRe.FindStringSubmatch(out)[1]}
	if role == "governance" || role == "auditor" {
		if !strings.Contains(out, "pending") {
			t.Errorf("token create %s (%s) does not say the enrolment is pending:\n%s", id, role, out)
		}
		if out, err := runCmd(t, approver, "principal", "approve", id); err != nil || !strings.Contains(out, "is active") {
			t.Fatalf("principal approve %s: %v\n%s", id, err, out)
		}
	}
	return env
}

// TestEnrolmentAndTokenCommands: the CLI enrols an officer pending an
// officer's approval, mints, rotates and revokes tokens, and revokes every
// token of a principal, against a real server.
func TestEnrolmentAndTokenCommands(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	srv := start(t, []string{"server"}, serverEnv(t, db))
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	vera := bootstrapOfficerCLI(t, db, addr, "vera")
	run := func(env []string, args ...string) string {
		t.Helper()
		out, err := runCmd(t, env, args...)
		if err != nil {
			t.Fatalf("enclave %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	fails := func(env []string, want string, args ...string) {
		t.Helper()
		if out, err := runCmd(t, env, args...); err == nil || !strings.Contains(err.Error()+out, want) {
			t.Errorf("enclave %s: %v, want it to fail with %q\n%s", strings.Join(args, " "), err, want, out)
		}
	}

	// Bootstrap happens once, and a malformed list is refused before migrating.
	migrate := []string{"ENCLAVE_MODE=dev", "ENCLAVE_MIGRATE_DATABASE_URL=" + db.OwnerURL}
	fails(append(migrate, "ENCLAVE_BOOTSTRAP_GOVERNANCE=gus=abc"), "ENCLAVE_BOOTSTRAP_GOVERNANCE", "migrate")
	if out := run(append(migrate, "ENCLAVE_BOOTSTRAP_GOVERNANCE=gus=sha256:"+strings.Repeat("ab", 32)), "migrate"); strings.Contains(out, "enrolled") {
		t.Errorf("a second bootstrap enrolled officers:\n%s", out)
	}

	out := run(operator, "token", "create", "--principal", "gwen", "--role", "governance")
	gwen := []string{operator[0], "ENCLAVE_TOKEN=" + bootstrapRe.FindStringSubmatch(out)[1]}
	fails(gwen, "invalid, expired or revoked", "whoami")
	if out := run(vera, "principal", "list", "--state", "pending"); !strings.Contains(out, "gwen") || strings.Contains(out, "vera") {
		t.Errorf("pending principals:\n%s", out)
	}
	fails(operator, "role.not_permitted", "principal", "approve", "gwen")
	run(vera, "principal", "approve", "gwen", "--reason", "on the board")
	if out := run(gwen, "whoami"); !strings.Contains(out, "gwen (governance)") {
		t.Errorf("whoami after approval: %s", out)
	}
	run(operator, "token", "create", "--principal", "aldo", "--role", "auditor")
	fails(vera, "reason.required", "principal", "reject", "aldo")
	if out := run(vera, "principal", "reject", "aldo", "--reason", "unknown to the board"); !strings.Contains(out, "refused") {
		t.Errorf("reject: %s", out)
	}

	out = run(gwen, "token", "create", "--principal", "gwen", "--role", "governance", "--ttl", "1h")
	child := []string{operator[0], "ENCLAVE_TOKEN=" + bootstrapRe.FindStringSubmatch(out)[1]}
	if out := run(gwen, "token", "list"); strings.Count(out, "gwen") < 2 || !strings.Contains(out, "MINTED BY") {
		t.Errorf("gwen's tokens:\n%s", out)
	}
	out = run(child, "token", "rotate")
	rotated := []string{operator[0], "ENCLAVE_TOKEN=" + bootstrapRe.FindStringSubmatch(out)[1]}
	fails(child, "invalid, expired or revoked", "whoami")
	run(rotated, "whoami")

	fails(operator, "either one TOKEN_ID or --principal", "token", "revoke")
	if out := run(operator, "token", "revoke", "--principal", "gwen"); !strings.Contains(out, "revoked 2 tokens of gwen") {
		t.Errorf("revoke --principal:\n%s", out)
	}
	fails(gwen, "invalid, expired or revoked", "whoami")
	fails(rotated, "invalid, expired or revoked", "whoami")
	run(vera, "whoami")
}
