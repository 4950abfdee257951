package main

import (
	"context"
	"encoding/base64"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/synth"
)

// TestReviewCommands holds an answer of a project that has every answer
// reviewed, and takes it to release with the CLI, as the researcher and
// two officers would.
func TestReviewCommands(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := append(serverEnv(t, db), "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("a-review-test-key-of-32-bytes!!!")))
	srv := start(t, []string{"server"}, env)
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
	refused := func(who, code string, args ...string) {
		t.Helper()
		if out, err := runCmd(t, as[who], args...); err == nil || !strings.Contains(err.Error(), code) {
			t.Errorf("%s: enclave %s: %v, want %s\n%s", who, strings.Join(args, " "), err, code, out)
		}
	}
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 500, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if out, err := runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", filepath.Join(dir, "patients.csv")); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	// Under consent no opt-out list applies, so none needs loading.
	out := run("gov-a", "project", "create", "--format", "json", "--title", "Sex ratio", "--purpose", "Counts by sex.",
		"--lead", "lead-1", "--member", "res-1", "--legal-basis", "consent", "--start", "2025-01-01", "--expiry", "2099-12-31",
		"--scope", "patients:sex", "--threshold", "10", "--rounding", "5", "--output-review")
	project := jsonOf(t, out)["id"].(string)
	run("gov-a", "project", "submit", project)
	if out := run("gov-b", "project", "approve", project); !regexp.MustCompile(`output review:\s+true`).MatchString(out) {
		t.Errorf("the project does not show its output review setting:\n%s", out)
	}

	out = run("res-1", "query", "run", "--project", project, "--sql", "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex")
	m := regexp.MustCompile(`held answer:\s+(res_[a-z0-9]{12})`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "review.project") || strings.Contains(out, "manifest:") {
		t.Fatalf("a held query:\n%s", out)
	}
	id := m[1]

	// Asking again shows the same hold; another member's ask is held too,
	// and officers see which result it repeats.
	const bySex = "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex"
	if out := run("res-1", "query", "run", "--project", project, "--sql", bySex); !strings.Contains(out, id) {
		t.Errorf("the same question again:\n%s", out)
	}
	out = run("lead-1", "query", "run", "--project", project, "--sql", bySex)
	again := regexp.MustCompile(`held answer:\s+(res_[a-z0-9]{12})`).FindStringSubmatch(out)
	if again == nil || again[1] == id || !strings.Contains(out, "review.repeat") {
		t.Fatalf("another member's ask:\n%s", out)
	}
	if out := run("gov-a", "review", "show", again[1]); !regexp.MustCompile(`repeats:\s+` + id).MatchString(out) {
		t.Errorf("officer's view of a repeat:\n%s", out)
	}

	if out := run("gov-a", "review", "list", "--state", "held"); !strings.Contains(out, id) || !strings.Contains(out, "0 of 2") {
		t.Errorf("officer's list:\n%s", out)
	}
	if out := run("gov-a", "review", "show", id); !strings.Contains(out, "patients.sex") || !strings.Contains(out, "manifest: query sha256:") {
		t.Errorf("officer's view shows no answer:\n%s", out)
	}
	refused("gov-a", "review.reason_required", "review", "reject", id)
	if out := run("gov-a", "review", "approve", id, "--reason", "two large cells"); !strings.Contains(out, "held (1 of 2 approvals: gov-a (two large cells))") {
		t.Errorf("first approval:\n%s", out)
	}
	refused("gov-a", "review.already_approved", "review", "approve", id)
	if out := run("res-1", "review", "show", id); strings.Contains(out, "patients.sex") || !strings.Contains(out, "once it is released") {
		t.Errorf("the researcher's view of a held answer:\n%s", out)
	}
	refused("res-1", "role.not_permitted", "review", "approve", id)
	if out := run("gov-b", "review", "approve", id, "--format", "json"); jsonOf(t, out)["state"] != "released" {
		t.Errorf("second approval:\n%s", out)
	}
	out = run("res-1", "review", "show", id)
	if !strings.Contains(out, "released (2 of 2") || !strings.Contains(out, "patients.sex") || !strings.Contains(out, "manifest: query sha256:") {
		t.Errorf("the researcher's view of the released answer:\n%s", out)
	}
}
