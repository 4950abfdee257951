package main

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/synth"
	"github.com/research-enclave/enclave/internal/testkit"
)

// killRows is how many rows (or opt-out numbers) a killed load sends: more
// than one batch of the key source (8,192 rows, 10,000 numbers), so that
// rows are in the COPY when the server dies.
const killRows = 12_000

// TestServerKilledDuringLoads kills the server process (SIGKILL: no
// shutdown, no deferred rollback) while a data file, and then an opt-out
// list, is being copied into PostgreSQL, with the client still sending.
// Nothing of either may remain: no rows, no load record, no list version,
// no audit event. A new server then loads both files with exact counts,
// and the audit log verifies.
func TestServerKilledDuringLoads(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: killRows, Seed: 15}); err != nil {
		t.Fatal(err)
	}
	patients := filepath.Join(dir, "patients.csv")
	list := filepath.Join(dir, "optout.dat")
	if err := os.WriteFile(list, []byte(strings.Join(testkit.NHSNumbers(0, killRows), "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file, token := tokenFile(t)
	env := append(serverEnv(t, db), "ENCLAVE_BOOTSTRAP_TOKEN_FILE="+file, "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("a-kill-test-key-of-32-bytes!!!!!")))
	loads := []struct{ name, path, file string }{
		{"ingest", "/v1/datasets/patients/loads?mapping=synth_patients", patients},
		{"opt-out", "/v1/optouts/ndoo?form=deny", list},
	}
	for _, l := range loads {
		killDuringCopy(t, db, env, token, l.path, l.file)
		for _, q := range []string{
			`SELECT count(*) FROM ds_patients_v1`, `SELECT count(*) FROM dataset_loads`,
			`SELECT count(*) FROM optout_versions`, `SELECT count(*) FROM optout_entries`,
			`SELECT count(*) FROM audit_events WHERE kind IN ('dataset.load', 'optout.load') OR kind LIKE 'load.%'`,
		} {
			if n := count(t, db, q); n != 0 {
				t.Errorf("after the %s was killed, %s = %d, want 0", l.name, q, n)
			}
		}
	}

	srv, _ := startProcess(t, []string{"server"}, env)
	operator := []string{"ENCLAVE_ADDR=" + srv.waitFor(t, servingRe, srv.stderr), "ENCLAVE_TOKEN=" + token}
	out, err := runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", patients)
	if err != nil || !strings.Contains(out, "12000 rows read, 12000 stored, 0 rejected") {
		t.Errorf("the ingest again: %v\n%s", err, out)
	}
	out, err = runCmd(t, operator, "optout", "load", "--list", "ndoo", "--form", "deny", list)
	if err != nil || !strings.Contains(out, "ndoo list version 1 loaded") || !strings.Contains(out, "stored 12000,") {
		t.Errorf("the opt-out load again: %v\n%s", err, out)
	}
	if n := count(t, db, `SELECT count(*) FROM ds_patients_v1`); n != killRows {
		t.Errorf("%d patients stored, want %d", n, killRows)
	}
	if n := count(t, db, `SELECT count(*) FROM optout_entries`); n != killRows {
		t.Errorf("%d opt-out entries stored, want %d", n, killRows)
	}
	verifyAudit(t, operator, bootstrapOfficerCLI(t, db, strings.TrimPrefix(operator[0], "ENCLAVE_ADDR="), "vera"))
}

// killDuringCopy starts a server process, streams all but the last lines
// of file to path and holds the request open; once PostgreSQL reports rows
// copied, it kills the server with SIGKILL.
func killDuringCopy(t *testing.T, db *pgtest.DB, env []string, token, path, file string) {
	t.Helper()
	srv, proc := startProcess(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	lines := strings.SplitAfter(string(mustRead(t, file)), "\n")
	body, w := io.Pipe()
	req, err := http.NewRequest("POST", "http://"+addr+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/csv")
	answered := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			err = &unexpectedAnswer{resp.StatusCode, string(b)}
		}
		answered <- err
	}()
	go func() { _, _ = io.WriteString(w, strings.Join(lines[:len(lines)-100], "")) }() // and never the rest
	eventually(t, 2*time.Minute, "rows copied into PostgreSQL", func() bool {
		return count(t, db, `SELECT coalesce(sum(tuples_processed), 0) FROM pg_stat_progress_copy WHERE datname = current_database()`) > 0
	})
	if err := proc.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-srv.done
	srv.done <- nil // for the cleanup's stop
	_ = w.Close()
	var ua *unexpectedAnswer
	if err := <-answered; err == nil || errors.As(err, &ua) {
		t.Fatalf("the load answered although its server was killed: %v", err)
	}
	// PostgreSQL ends the dead client's transaction when it notices the
	// connection gone; wait for that before looking.
	eventually(t, time.Minute, "the killed server's sessions to end", func() bool {
		return count(t, db, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = $1`, pgtest.ServiceRole) == 0
	})
}

// unexpectedAnswer is an answer to a load whose server was killed before
// it could answer: any is wrong.
type unexpectedAnswer struct {
	status int
	body   string
}

func (e *unexpectedAnswer) Error() string { return http.StatusText(e.status) + ": " + e.body }

// tokenFile writes a new API token to a file, for
// ENCLAVE_BOOTSTRAP_TOKEN_FILE, and returns both: every server process
// started on the same database then knows the same operator.
func tokenFile(t testing.TB) (string, string) {
	t.Helper()
	out, err := runCmd(t, nil, "token", "generate")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "bootstrap-token")
	if err := os.WriteFile(file, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return file, strings.TrimSpace(out)
}
