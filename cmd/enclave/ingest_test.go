package main

import (
	"compress/gzip"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/synth"
)

// TestIngestCommand loads synthetic files with the CLI into a real server:
// a plain file with a progress bar, the same file again (a no-op), and a
// gzip file with a rejected row.
func TestIngestCommand(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := append(serverEnv(t, db), "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("an-ingest-test-key-of-32-bytes!!")))
	srv := start(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(t, bootstrapRe, srv.stdout)}
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	patients := filepath.Join(dir, "patients.csv")
	out, err := runCmd(t, operator, "ingest", "--dataset", "patients", "--mapping", "synth_patients", patients)
	if err != nil || !strings.Contains(out, "500 rows read, 500 stored, 0 rejected") || !strings.Contains(out, "rows/s") {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	out, err = runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", patients)
	if err != nil || !strings.Contains(out, "Nothing to do: this file was loaded into patients before") {
		t.Fatalf("ingest again: %v\n%s", err, out)
	}

	// A gzip file with one bad date on line 3.
	body, err := os.ReadFile(filepath.Join(dir, "gp_events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(body), "\n")
	fields := strings.Split(lines[2], ",")
	fields[1] = "2020-13-45"
	lines[2] = strings.Join(fields, ",")
	zipped := filepath.Join(dir, "gp_events.csv.gz")
	f, err := os.Create(zipped)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write([]byte(strings.Join(lines, ""))); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err = runCmd(t, operator, "ingest", "--dataset", "gp_events", "--mapping", "synth_gp_events", zipped)
	if err != nil || !strings.Contains(out, "1 rejected") || !strings.Contains(out, "date.invalid") || strings.Contains(out, "2020-13-45") {
		t.Fatalf("gzip ingest: %v\n%s", err, out)
	}
	out, err = runCmd(t, operator, "ingest", "--dataset", "gp_events", "--mapping", "nope", zipped)
	if err == nil || !strings.Contains(err.Error(), `no mapping "nope"`) {
		t.Errorf("unknown mapping: %v\n%s", err, out)
	}
}
