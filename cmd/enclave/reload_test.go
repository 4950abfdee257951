package main

import (
	"context"
	"encoding/base64"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/config"
	"github.com/research-enclave/enclave/internal/synth"
)

var (
	reloadedRe = regexp.MustCompile(`"msg":"reloaded".*"changed":(true)`)
	refusedRe  = regexp.MustCompile(`"msg":"reload refused[^"]*".*(broken\.yaml:2)`)
)

// TestServerReloadsOnSIGHUP runs the server as its own process on copies
// of the repository's catalogue and mappings: a mapping edited and a
// SIGHUP later, the next load uses the new mapping and the reload is
// audited; a broken mapping and a SIGHUP later, the refusal is logged and
// audited, the old mappings stay in force, and the server keeps serving.
func TestServerReloadsOnSIGHUP(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	cat, maps := copyYAML(t, "../../catalogue"), copyYAML(t, "../../mappings")
	env := append(serverEnv(t, db), "ENCLAVE_CATALOGUE_DIR="+cat, "ENCLAVE_MAPPING_DIR="+maps, "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("a-reload-test-key-of-32-bytes!!!")))
	srv, proc := startProcess(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	load := func(seed int64) string {
		t.Helper()
		out, err := runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", patientsCSV(t, seed))
		if err != nil {
			t.Fatalf("ingest: %v\n%s", err, out)
		}
		return out
	}
	if out := load(1); !strings.Contains(out, "mapping synth_patients v1") {
		t.Fatalf("first load:\n%s", out)
	}

	edit(t, filepath.Join(maps, "patients.mapping.yaml"), "version: 1", "version: 2")
	if err := proc.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	srv.waitFor(t, reloadedRe, srv.stderr)
	if out := load(2); !strings.Contains(out, "mapping synth_patients v2") {
		t.Errorf("the load after the reload did not use the new mapping:\n%s", out)
	}
	wantReloads(t, db, "system", "success", 1)

	broken := filepath.Join(maps, "broken.yaml")
	if err := os.WriteFile(broken, []byte("mapping: broken\nverison: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := proc.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	srv.waitFor(t, refusedRe, srv.stderr)
	if out := load(3); !strings.Contains(out, "mapping synth_patients v2") {
		t.Errorf("the load after a refused reload did not use the mappings in force:\n%s", out)
	}
	wantReloads(t, db, "system", "denied", 1)

	// The operator's command says what it refuses, and then what it did.
	out, err := runCmd(t, operator, "reload")
	if err == nil || !strings.Contains(err.Error(), "broken.yaml:2") || !strings.Contains(err.Error(), "reload.files") {
		t.Errorf("enclave reload with a broken mapping: %v\n%s", err, out)
	}
	if err := os.Remove(broken); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, operator, "reload")
	if err != nil || !strings.Contains(out, "Reloaded: nothing changed") {
		t.Errorf("enclave reload: %v\n%s", err, out)
	}
	wantReloads(t, db, "operator", "denied", 1)
	wantReloads(t, db, "operator", "success", 1)
}

// startProcess runs the enclave as a process of its own (this test binary,
// through TestMain), so that it can be signalled alone.
func startProcess(t testing.TB, args, environ []string) (*started, *os.Process) {
	t.Helper()
	s := &started{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "ENCLAVE_TEST_MAIN=1"), environ...)
	cmd.Stdout, cmd.Stderr = s.stdout, s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.cancel = func() { _ = cmd.Process.Kill() }
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = s.stop(t) })
	return s, cmd.Process
}

// copyYAML copies the *.yaml files of dir into a new directory.
func copyYAML(t *testing.T, dir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no YAML files in %s (%v)", dir, err)
	}
	out := t.TempDir()
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, filepath.Base(name)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// edit replaces the first old in file with new.
func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q (%v)", file, old, err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
}

// patientsCSV writes a synthetic patients file of 100 people from seed.
func patientsCSV(t testing.TB, seed int64) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 100, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "patients.csv")
}

// wantReloads checks that the log holds n config.reload events by role
// (system: a SIGHUP) with outcome.
func wantReloads(t *testing.T, db *pgtest.DB, role, outcome string, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got int
	err := db.Super(t).QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE kind = 'config.reload' AND role = $1 AND outcome = $2`, role, outcome).Scan(&got)
	if err != nil || got != n {
		t.Errorf("%d config.reload events by %s with outcome %s (%v), want %d", got, role, outcome, err, n)
	}
}

// TestReloadInDevModeRereadsTheDemo: without directories, a dev-mode
// server's files are built into it, so a reload reads the same revisions.
func TestReloadInDevModeRereadsTheDemo(t *testing.T) {
	t.Parallel()
	c := config.Config{Mode: config.ModeDev}
	a, err := readFiles(c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := readFiles(c)
	if err != nil {
		t.Fatal(err)
	}
	if a.Catalogue.Revision() != b.Catalogue.Revision() || !maps.Equal(a.Mappings.Revisions(), b.Mappings.Revisions()) || len(a.Mappings.Names()) == 0 {
		t.Errorf("the demo files read twice differ, or have no mappings")
	}
	if _, err := readFiles(config.Config{Mode: config.ModeProduction}); err == nil || !strings.Contains(err.Error(), "ENCLAVE_CATALOGUE_DIR is not set") {
		t.Errorf("a production reload without ENCLAVE_CATALOGUE_DIR: %v", err)
	}
}
