package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// TestProjectCommands takes a project from draft to closed with the CLI
// against a real server, as the officers and the researcher would.
func TestProjectCommands(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	srv := start(t, []string{"server"}, serverEnv(t, db))
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	as := map[string][]string{}
	// vera, a first officer, approves the other officers' enrolment and
	// takes no part in what they decide.
	vera := bootstrapOfficerCLI(t, db, addr, "vera")
	for _, p := range [][2]string{{"gov-a", "governance"}, {"gov-b", "governance"}, {"lead-1", "researcher"}, {"res-1", "researcher"}} {
		as[p[0]] = enrolCLI(t, operator, vera, p[0], p[1])
	}
	run := func(who string, args ...string) string {
		t.Helper()
		out, err := runCmd(t, as[who], args...)
		if err != nil {
			t.Fatalf("%s: enclave %s: %v\n%s", who, strings.Join(args, " "), err, out)
		}
		return out
	}
	purpose := filepath.Join(t.TempDir(), "purpose.txt")
	if err := os.WriteFile(purpose, []byte("Alcohol-related A&E attendances and later social care.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := run("gov-a", "project", "create", "--format", "json", "--title", "Alcohol and A&E", "--purpose-file", purpose,
		"--lead", "lead-1", "--legal-basis", "s251_exempt", "--start", "2025-01-01", "--expiry", "2099-12-31",
		"--scope", "ae_attendances:alcohol_related", "--scope", "patients:sex,year_of_birth", "--threshold", "10", "--rounding", "5")
	id := jsonOf(t, out)["id"].(string)

	run("gov-a", "project", "member", "add", id, "res-1")
	run("gov-a", "project", "submit", id)
	out, err := runCmd(t, as["gov-a"], "project", "approve", id)
	if err == nil || !strings.Contains(err.Error(), "approval.self") {
		t.Errorf("self-approval: %v\n%s", err, out)
	}
	out = run("gov-b", "project", "approve", id)
	for _, want := range []string{"state:", "active (stored: approved)", "Type 1", "scope ae_attendances:", "approve", "gov-b"} {
		if !strings.Contains(out, want) {
			t.Errorf("approve output lacks %q:\n%s", want, out)
		}
	}
	if out := run("res-1", "project", "list"); !strings.Contains(out, id) || !strings.Contains(out, "active") {
		t.Errorf("researcher's list:\n%s", out)
	}
	out, err = runCmd(t, as["gov-b"], "project", "suspend", id)
	if err == nil || !strings.Contains(err.Error(), "reason.required") {
		t.Errorf("suspend without a reason: %v\n%s", err, out)
	}
	run("gov-b", "project", "suspend", id, "--reason", "audit of outputs")
	run("gov-b", "project", "resume", id)
	out = run("gov-b", "project", "update", id, "--scope", "ae_attendances:alcohol_related", "--reason", "drop demographics")
	if !regexp.MustCompile(`state:\s+submitted\n`).MatchString(out) {
		t.Errorf("a change after approval should return the project to submitted:\n%s", out)
	}
	run("gov-b", "project", "close", id, "--reason", "withdrawn")

	// The register is public: no token.
	out, err = runCmd(t, []string{"ENCLAVE_ADDR=" + addr}, "project", "register")
	if err != nil || !strings.Contains(out, "Alcohol and A&E") || strings.Contains(out, "lead-1") {
		t.Errorf("register: %v\n%s", err, out)
	}
	out = run("gov-a", "project", "show", id)
	for _, want := range []string{"create", "member_add", "added res-1", "suspend", "audit of outputs", "closed"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
}

func jsonOf(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return m
}
