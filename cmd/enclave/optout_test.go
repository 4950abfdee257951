package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// TestOptOutCommands loads the synthetic population's opt-out list through a
// real server with the dev key source, and reads the status back.
func TestOptOutCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if out, err := runCmd(t, nil, "synth", "--people", "4000", "--seed", "3", "--out", dir); err != nil {
		t.Fatalf("synth: %v\n%s", err, out)
	}
	list, err := os.ReadFile(filepath.Join(dir, "optout_ndoo.dat"))
	if err != nil {
		t.Fatal(err)
	}
	numbers := strings.Fields(strings.ReplaceAll(string(list), ",", ""))
	withBad := filepath.Join(dir, "with_bad_line.dat")
	if err := os.WriteFile(withBad, append(list, "9434765918\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	mostlyBad := filepath.Join(dir, "mostly_bad.csv")
	if err := os.WriteFile(mostlyBad, []byte("nhs_number\n"+numbers[0]+"\nnot a number\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	var tok syncBuffer
	if err := run(t.Context(), []string{"token", "generate"}, nil, &tok, &tok); err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(dir, "bootstrap")
	if err := os.WriteFile(tokenFile, []byte(tok.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(serverEnv(t, pgtest.New(t)), "ENCLAVE_BOOTSTRAP_TOKEN_FILE="+tokenFile, "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("cmd-optout-test-key-of-32-bytes!")))
	srv := start(t, []string{"server"}, env)
	client := []string{"ENCLAVE_ADDR=" + srv.waitFor(t, servingRe, srv.stderr), "ENCLAVE_TOKEN=" + strings.TrimSpace(tok.String())}
	today := time.Now().UTC().Format(time.DateOnly)

	var all strings.Builder
	cmd := func(wantErr string, args ...string) string {
		t.Helper()
		out, err := runCmd(t, client, args...)
		if err != nil {
			out += err.Error()
		}
		if (err != nil) != (wantErr != "") || (err != nil && !strings.Contains(err.Error(), wantErr)) {
			t.Fatalf("%v: error %v, want %q\n%s", args, err, wantErr, out)
		}
		all.WriteString(out)
		return out
	}
	out := cmd("", "optout", "load", "--list", "ndoo", "--form", "deny", "--as-of", today, withBad)
	for _, want := range []string{"ndoo list version 1 loaded (deny, as of " + today + ")", "stored 200,", "invalid 1,",
		"line 201: nhs.checksum"} {
		if !strings.Contains(out, want) {
			t.Errorf("load output lacks %q:\n%s", want, out)
		}
	}
	if len(numbers) != 200 {
		t.Fatalf("the synthetic list has %d numbers, want 200", len(numbers))
	}
	out = cmd("", "optout", "load", "--list", "ndoo", "--form", "deny", "--as-of", today, withBad)
	if !strings.Contains(out, "unchanged: the file is already version 1") {
		t.Errorf("loading it again:\n%s", out)
	}
	out = cmd("optout.too_many_invalid", "optout", "load", "--list", "type1", "--form", "allow", mostlyBad)
	if !strings.Contains(out, "nhs.format: line 3") {
		t.Errorf("the refusal does not name the line:\n%s", out)
	}
	cmd("--list", "optout", "load", "--list", "gp", "--form", "deny", withBad)
	cmd("--as-of", "optout", "load", "--list", "ndoo", "--form", "deny", "--as-of", "1/3/2026", withBad)
	cmd("no such file", "optout", "load", "--list", "ndoo", "--form", "deny", filepath.Join(dir, "missing.dat"))
	cmd(`required flag(s) "form"`, "optout", "load", "--list", "ndoo", withBad)

	out = cmd("", "optout", "status")
	if !strings.Contains(out, "ndoo   ready    1        deny") || !strings.Contains(out, "type1  missing") {
		t.Errorf("status:\n%s", out)
	}
	for _, n := range append(numbers, "9434765918") {
		if strings.Contains(all.String(), n) || strings.Contains(srv.stderr.String(), n) {
			t.Fatal("an NHS number reached the command's output or the server's log")
		}
	}
}
