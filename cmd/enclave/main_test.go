package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// TestMain doubles as the enclave binary when ENCLAVE_TEST_MAIN=1, so that
// tests can run real concurrent processes of it.
func TestMain(m *testing.M) {
	if os.Getenv("ENCLAVE_TEST_MAIN") == "1" {
		if err := run(context.Background(), os.Args[1:], os.Environ(), os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "enclave:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(pgtest.Run(m))
}

// syncBuffer is a bytes.Buffer safe for a writer and a polling reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// started is a command running in the background.
type started struct {
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan error
}

func start(t testing.TB, args, environ []string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &started{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- run(ctx, args, environ, s.stdout, s.stderr) }()
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop interrupts the command as Ctrl-C would and waits for it to return.
func (s *started) stop(t testing.TB) error {
	t.Helper()
	s.cancel()
	select {
	case err, ok := <-s.done:
		if ok {
			close(s.done)
		}
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("command did not stop within 30s; stderr:\n%s", s.stderr)
		return nil
	}
}

// waitFor polls the command's output until re matches, returning the first
// submatch.
func (s *started) waitFor(t testing.TB, re *regexp.Regexp, out *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[len(m)-1]
		}
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("command ended (%v) before %s; stderr:\n%s", err, re, s.stderr)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("timed out waiting for %s; stdout:\n%s\nstderr:\n%s", re, s.stdout, s.stderr)
	return ""
}

func runCmd(t testing.TB, environ []string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, environ, &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	out, err := runCmd(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "enclave ") {
		t.Errorf("version: %q %v", out, err)
	}
	for _, args := range [][]string{{"--help"}, {"token", "--help"}, {"demo", "--help"}, {"completion", "bash"}} {
		if out, err := runCmd(t, nil, args...); err != nil || out == "" {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
	}
}

func TestConfigCommand(t *testing.T) {
	t.Parallel()
	env := []string{"ENCLAVE_DATABASE_URL=postgres://svc:hunter2@db.example/enclave", "ENCLAVE_TOKEN=enclave_secretvalue"}
	for _, format := range []string{"table", "json"} {
		out, err := runCmd(t, env, "config", "--format", format)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "hunter2") || strings.Contains(out, "secretvalue") {
			t.Errorf("config --format %s shows a secret:\n%s", format, out)
		}
		if !strings.Contains(out, "ENCLAVE_DATABASE_URL") || !strings.Contains(out, "db.example") {
			t.Errorf("config --format %s lacks the database URL:\n%s", format, out)
		}
	}
	_, err := runCmd(t, []string{"ENCLAVE_LOG_FORMAT=xml"}, "config")
	if err == nil || !strings.Contains(err.Error(), "ENCLAVE_LOG_FORMAT") || !strings.Contains(err.Error(), "json, text") {
		t.Errorf("bad ENCLAVE_LOG_FORMAT: %v", err)
	}
	_, err = runCmd(t, nil, "config", "--format", "yaml")
	if err == nil || !strings.Contains(err.Error(), "--format") {
		t.Errorf("bad --format: %v", err)
	}
}

func TestSynthCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, err := runCmd(t, nil, "synth", "--people", "300", "--seed", "7", "--out", dir)
	if err != nil || !strings.Contains(out, "wrote 300 people") || !strings.Contains(out, "gp_events.csv") {
		t.Fatalf("synth: %v\n%s", err, out)
	}
	if _, err := runCmd(t, nil, "synth", "--people", "0", "--out", dir); err == nil {
		t.Error("synth --people 0 succeeded")
	}
	if _, err := runCmd(t, nil, "synth"); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Errorf("synth without --out: %v", err)
	}
}
