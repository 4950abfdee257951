package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/synth"
)

// TestAuditShowsTheQuestions: after a researcher's answer, pre-flight check
// and refusal, `audit events --kind query.run` shows the canonical query
// asked, and `audit summary` counts them for the researcher's day; both for
// the auditor only.
func TestAuditShowsTheQuestions(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := append(serverEnv(t, db), "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("an-audit-test-key-of-32-bytes!!!")))
	srv := start(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	as := map[string][]string{}
	vera := bootstrapOfficerCLI(t, db, addr, "vera")
	for _, p := range [][2]string{{"gov-a", "governance"}, {"gov-b", "governance"}, {"lead-1", "researcher"}, {"res-1", "researcher"}, {"aud-1", "auditor"}} {
		as[p[0]] = enrolCLI(t, operator, vera, p[0], p[1])
	}
	run := func(who string, args ...string) (string, error) {
		t.Helper()
		return runCmd(t, as[who], args...)
	}
	must := func(who string, args ...string) string {
		t.Helper()
		out, err := run(who, args...)
		if err != nil {
			t.Fatalf("%s: enclave %s: %v\n%s", who, strings.Join(args, " "), err, out)
		}
		return out
	}
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 500, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if out, err := runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", filepath.Join(dir, "patients.csv")); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	out := must("gov-a", "project", "create", "--format", "json", "--title", "Sex ratio", "--purpose", "Counts by sex.",
		"--lead", "lead-1", "--member", "res-1", "--legal-basis", "consent", "--start", "2025-01-01", "--expiry", "2099-12-31",
		"--scope", "patients:sex", "--threshold", "10", "--rounding", "5")
	project := jsonOf(t, out)["id"].(string)
	must("gov-a", "project", "submit", project)
	must("gov-b", "project", "approve", project)

	const sql = "SELECT sex, COUNT(DISTINCT person) FROM patients WHERE sex IN ('F', 'M') GROUP BY sex"
	must("res-1", "query", "run", "--project", project, "--sql", sql)
	must("res-1", "query", "check", "--project", project, "--sql", sql)
	if out, err := run("res-1", "query", "run", "--project", project, "--sql", "SELECT year_of_birth, COUNT(DISTINCT person) FROM patients GROUP BY year_of_birth"); err == nil {
		t.Fatalf("a query out of scope was answered:\n%s", out)
	}

	out = must("res-1", "query", "history")
	if !regexp.MustCompile(`(?m)^\d+\s+\S+ \S+\s+`+project+`\s+run\s+refused\s+\S*scope`).MatchString(out) ||
		!regexp.MustCompile(`(?m)\s+check\s+checked\s`).MatchString(out) || !regexp.MustCompile(`(?m)\s+run\s+answered\s`).MatchString(out) {
		t.Errorf("query history does not show the three questions:\n%s", out)
	}
	if out, err := run("res-1", "query", "history", "--principal", "lead-1"); err == nil || !strings.Contains(err.Error(), "history.not_own") {
		t.Errorf("a researcher reads another's history: %v\n%s", err, out)
	}
	if out := must("aud-1", "query", "history", "--principal", "res-1", "--limit", "1"); !strings.Contains(out, "refused") || !regexp.MustCompile(`older: enclave query history --before \d+ --principal res-1`).MatchString(out) {
		t.Errorf("an auditor reads res-1's newest question:\n%s", out)
	}

	canonical := `{"datasets":["patients"],"filters":[{"column":"patients.sex","op":"in","values":["F","M"]}],"group_by":["patients.sex"],"measures":[{"kind":"count_people"}]}`
	out = must("aud-1", "audit", "events", "--kind", "query.run")
	if !regexp.MustCompile(`(?m)^\d+\s+\S+\s+res-1\s+researcher\s+query\.run\s+project:` + project + `\s+success\s+project\.member\s+` + regexp.QuoteMeta(canonical) + `$`).MatchString(out) {
		t.Errorf("audit events --kind query.run does not show the question:\n%s", out)
	}
	if out := must("aud-1", "audit", "events", "--kind", "query.check"); !strings.Contains(out, canonical) {
		t.Errorf("audit events --kind query.check does not show the question:\n%s", out)
	}

	today := time.Now().UTC().Format(time.DateOnly)
	out = must("aud-1", "audit", "summary")
	if !regexp.MustCompile(`(?m)^` + today + `\s+res-1\s+1\s+0\s+0\s+1\s+1\s+2\s+\S+\s+scope\.column_not_approved=1\s*$`).MatchString(out) {
		t.Errorf("audit summary:\n%s", out)
	}
	var days []enclave.ResearcherDay
	if err := json.Unmarshal([]byte(must("aud-1", "audit", "summary", "--principal", "res-1", "--format", "json")), &days); err != nil ||
		len(days) != 1 || days[0].Principal != "res-1" || days[0].Answers != 1 || days[0].Checks != 1 || days[0].Refusals != 1 {
		t.Errorf("audit summary --principal res-1 --format json: %v %+v", err, days)
	}
	for _, who := range []string{"res-1", "gov-a"} {
		if out, err := run(who, "audit", "summary"); err == nil || !strings.Contains(err.Error(), "role.not_permitted") {
			t.Errorf("%s ran audit summary: %v\n%s", who, err, out)
		}
	}
	if out, err := run("aud-1", "audit", "summary", "--since", "yesterday"); err == nil || !strings.Contains(err.Error(), "since") {
		t.Errorf("audit summary --since yesterday: %v\n%s", err, out)
	}
}
