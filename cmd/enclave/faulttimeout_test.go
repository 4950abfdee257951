package main

import (
	"context"
	"encoding/base64"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/synth"
)

// TestQueryStatementTimeout runs a question with many cells over 12,000
// people on a server whose query time limit (ENCLAVE_QUERY_TIMEOUT) is
// 1ms: PostgreSQL cancels the statement, the researcher gets a 503 that
// says the query ran out of time, the failure is audited, and nothing is
// released (no answer, no cells in the differencing ledger, nothing held).
// The same question on a server with the default limit is answered.
func TestQueryStatementTimeout(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 12_000, Seed: 16}); err != nil {
		t.Fatal(err)
	}
	file, token := tokenFile(t)
	env := append(serverEnv(t, db), "ENCLAVE_BOOTSTRAP_TOKEN_FILE="+file, "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("a-timeout-test-key-of-32-bytes!!")))
	srv := start(t, []string{"server"}, append(env, "ENCLAVE_QUERY_TIMEOUT=1ms"))
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + token}
	p := newProject(t, db, operator)
	out, err := runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", filepath.Join(dir, "patients.csv"))
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	researcher := strings.TrimPrefix(p.researcher[1], "ENCLAVE_TOKEN=")
	body := `{"sql": "SELECT year_of_birth, sex, COUNT(DISTINCT person) FROM patients GROUP BY year_of_birth, sex"}`
	code, ctype, answer := call(t, "POST", "http://"+addr+"/v1/projects/"+p.id+"/queries", researcher, body)
	if code != http.StatusServiceUnavailable || ctype != "application/problem+json" ||
		!strings.Contains(answer, "the query ran longer than its time limit (1ms); narrow it and try again") {
		t.Errorf("a query over its time limit: %d %s %s", code, ctype, answer)
	}
	for q, want := range map[string]int{
		`SELECT count(*) FROM audit_events WHERE kind = 'query.run' AND outcome = 'failure' AND event->'body'->>'failed' = 'unavailable'`: 1,
		`SELECT count(*) FROM audit_events WHERE kind = 'query.run' AND outcome <> 'failure'`:                                             0,
		`SELECT count(*) FROM released_cells`: 0,
		`SELECT count(*) FROM held_results`:   0,
	} {
		if n := count(t, db, q); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	if err := srv.stop(t); err != nil {
		t.Fatal(err)
	}

	again := start(t, []string{"server"}, env)
	addr = again.waitFor(t, servingRe, again.stderr)
	if code, _, answer := call(t, "POST", "http://"+addr+"/v1/projects/"+p.id+"/queries", researcher, body); code != http.StatusOK {
		t.Errorf("the query within the default time limit: %d %s", code, answer)
	}
	if n := count(t, db, `SELECT count(*) FROM released_cells`); n == 0 {
		t.Error("the answered query released no cells: the test's question is not one that would be released")
	}
	verifyAudit(t, []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + token}, []string{"ENCLAVE_ADDR=" + addr, p.officer[1]})
}
