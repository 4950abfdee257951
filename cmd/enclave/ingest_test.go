package main

import (
	"compress/gzip"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
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

	// A dry run reads the whole file and stores nothing: the same file
	// then loads for real, rather than being a duplicate.
	ae := filepath.Join(dir, "ae_attendances.csv")
	out, err = runCmd(t, operator, "ingest", "--dry-run", "--quiet", "--dataset", "ae_attendances", "--mapping", "synth_ae_attendances", ae)
	if err != nil || !strings.Contains(out, "Dry run of ae_attendances (version 1) with mapping synth_ae_attendances v1: nothing stored.") ||
		!regexp.MustCompile(`(\d+) rows read; a load would store (\d+) and reject 0`).MatchString(out) {
		t.Fatalf("ingest --dry-run: %v\n%s", err, out)
	}
	wouldStore := regexp.MustCompile(`a load would store (\d+)`).FindStringSubmatch(out)[1]
	out, err = runCmd(t, operator, "ingest", "--quiet", "--dataset", "ae_attendances", "--mapping", "synth_ae_attendances", ae)
	if err != nil || !strings.Contains(out, "rows read, "+wouldStore+" stored, 0 rejected") {
		t.Fatalf("ingest after a dry run: %v\n%s", err, out)
	}
	out, err = runCmd(t, operator, "ingest", "--dry-run", "--quiet", "--dataset", "ae_attendances", "--mapping", "synth_ae_attendances", ae)
	if err != nil || !strings.Contains(out, "Dry run: nothing stored. This file was loaded into ae_attendances before") {
		t.Fatalf("ingest --dry-run of a loaded file: %v\n%s", err, out)
	}

	// The header is compared on this machine before anything is sent, and
	// the columns the mapping does not cover are named here.
	extra := filepath.Join(dir, "extra.csv")
	plines := strings.SplitAfter(string(mustRead(t, patients)), "\n")
	if err := os.WriteFile(extra, []byte(strings.TrimSuffix(plines[0], "\n")+",GP_PRACTICE\n"+strings.TrimSuffix(plines[1], "\n")+",B86001\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", extra)
	if err == nil || !strings.Contains(err.Error(), `column 8 "GP_PRACTICE" is not in the mapping`) || !strings.Contains(err.Error(), "(nothing was sent)") {
		t.Errorf("a file with a column the mapping does not cover: %v\n%s", err, out)
	}
	out, err = runCmd(t, operator, "ingest", "--quiet", "--dataset", "gp_events", "--mapping", "synth_patients", patients)
	if err == nil || !strings.Contains(err.Error(), "mapping synth_patients fills dataset patients, not gp_events; nothing was sent") {
		t.Errorf("a mapping of another dataset: %v\n%s", err, out)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
