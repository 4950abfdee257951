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

// TestLoadRetractCommands retracts a load with the CLI, as an operator and
// a governance officer would, and loads the same file again.
func TestLoadRetractCommands(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := append(serverEnv(t, db), "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("a-retract-test-key-of-32-bytes!!")))
	srv := start(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	officer := enrolCLI(t, operator, bootstrapOfficerCLI(t, db, addr, "vera"), "gov-a", "governance")
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 50, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "patients.csv")
	ingest := func() string {
		t.Helper()
		out, err := runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", file)
		if err != nil {
			t.Fatalf("ingest: %v\n%s", err, out)
		}
		return out
	}
	m := regexp.MustCompile(`Load (\d+) into patients`).FindStringSubmatch(ingest())
	if m == nil {
		t.Fatal("no load id in the report")
	}
	id := m[1]

	if out, err := runCmd(t, operator, "load", "retract", id); err == nil || !strings.Contains(err.Error(), "--reason is required") {
		t.Errorf("retract without a reason: %v\n%s", err, out)
	}
	out, err := runCmd(t, operator, "load", "retract", id, "--reason", "the wrong extract")
	if err != nil || !strings.Contains(out, "state       pending") || !strings.Contains(out, "enclave load confirm "+id) {
		t.Fatalf("retract: %v\n%s", err, out)
	}
	if out, err := runCmd(t, operator, "load", "confirm", id); err == nil || !strings.Contains(err.Error(), "retraction.self") {
		t.Errorf("the requester confirms: %v\n%s", err, out)
	}
	out, err = runCmd(t, officer, "load", "confirm", id)
	if err != nil || !regexp.MustCompile(`\d+ rows left the dataset`).MatchString(out) {
		t.Fatalf("confirm: %v\n%s", err, out)
	}
	if out, err := runCmd(t, officer, "load", "show", id); err != nil || !strings.Contains(out, "state       retracted") || !strings.Contains(out, "confirmed   ") || !strings.Contains(out, "finished    ") {
		t.Errorf("show: %v\n%s", err, out)
	}
	if out := ingest(); strings.Contains(out, "Nothing to do") || strings.Contains(out, "Load "+id+" ") {
		t.Errorf("the same file after the retraction:\n%s", out)
	}
	out, err = runCmd(t, operator, "load", "list")
	if err != nil || !regexp.MustCompile(`(?m)^`+id+`\s+patients v1\s+synth_patients v1\s+retracted\s`).MatchString(out) ||
		strings.Index(out, "live") > strings.Index(out, "retracted") {
		t.Errorf("load list: %v; want the new live load, then load %s retracted\n%s", err, id, out)
	}
}
