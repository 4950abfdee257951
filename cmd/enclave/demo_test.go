package main

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

var readyRe = regexp.MustCompile(`serving on http://(\S+) `)

// TestDemo runs the demo as `make demo` does, checks /readyz and every role's
// token, stops it as Ctrl-C would, and runs it again on the same directory.
func TestDemo(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "demo")
	// As root, the cluster's data may live in localpg's fallback directory.
	t.Cleanup(func() { _ = localpg.Remove(filepath.Join(dir, "postgres")) })
	env := []string{"ENCLAVE_LOG_FORMAT=text"}
	demo := start(t, []string{"demo", "--dir", dir, "--addr", "127.0.0.1:0", "--people", "1000"}, env)
	addr := demo.waitFor(t, readyRe, demo.stdout)
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/readyz = %d", resp.StatusCode)
	}
	vars, err := readEnvFile(filepath.Join(dir, "demo.env"))
	if err != nil {
		t.Fatal(err)
	}
	if vars["ENCLAVE_ADDR"] != addr {
		t.Errorf("demo.env ENCLAVE_ADDR=%q, want %q", vars["ENCLAVE_ADDR"], addr)
	}
	for _, role := range []string{"RESEARCHER", "GOVERNANCE", "AUDITOR", "OPERATOR"} {
		out, err := runCmd(t, []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + vars["ENCLAVE_TOKEN_"+role]}, "whoami")
		if err != nil || !strings.Contains(out, "("+strings.ToLower(role)+")") {
			t.Errorf("whoami as %s: %v %s", role, err, out)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "demo.env")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("demo.env mode: %v %v", fi.Mode(), err)
	}
	if out := demo.stdout.String(); !strings.Contains(out, "loaded patients") || !strings.Contains(out, "opt-out lists (national data opt-out, Type 1) are loaded") {
		t.Errorf("the demo did not load its synthetic data:\n%s", out)
	}
	// The researcher runs the first example query the demo prints.
	example := regexp.MustCompile(`enclave (query run --project prj_[a-z0-9]{12} --sql "([^"]+)")`).FindStringSubmatch(demo.stdout.String())
	if example == nil {
		t.Fatalf("the demo printed no example query:\n%s", demo.stdout)
	}
	args := append(strings.Fields(strings.Split(example[1], " --sql ")[0]), "--sql", example[2])
	out, err := runCmd(t, []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + vars["ENCLAVE_TOKEN_RESEARCHER"]}, args...)
	if err != nil || !strings.Contains(out, "manifest: query sha256:") || !strings.Contains(out, "ndoo v1, type1 v1") {
		t.Errorf("the example query: %v\n%s", err, out)
	}
	args[1] = "check"
	out, err = runCmd(t, []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + vars["ENCLAVE_TOKEN_RESEARCHER"]}, args...)
	if err != nil || !strings.Contains(out, "The query would run") || !strings.Contains(out, "[primary]") {
		t.Errorf("the example query's pre-flight check: %v\n%s", err, out)
	}
	webSignIn(t, addr, demo.stdout.String(), vars["ENCLAVE_TOKEN_RESEARCHER"])
	if fi, err := os.Stat(filepath.Join(dir, "pseudonym.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the dev key source's key file is missing or not mode 0600: %v", err)
	}
	if !strings.Contains(demo.stderr.String(), `msg="key source" source=dev key_version=1 dev=true`) {
		t.Errorf("the demo does not use the dev key source:\n%s", demo.stderr)
	}
	if err := demo.stop(t); err != nil {
		t.Fatalf("demo returned %v on Ctrl-C", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "postgres", "pgdata", "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("PostgreSQL still running after the demo stopped (postmaster.pid: %v)", err)
	}

	// Again on the same directory: the same tokens still work.
	again := start(t, []string{"demo", "--dir", dir, "--addr", "127.0.0.1:0", "--people", "1000"}, env)
	addr = again.waitFor(t, readyRe, again.stdout)
	out, err = runCmd(t, []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + vars["ENCLAVE_TOKEN_OPERATOR"]}, "whoami")
	if err != nil || !strings.Contains(out, "demo-operator") {
		t.Errorf("reused operator token: %v %s", err, out)
	}
	again2, _ := readEnvFile(filepath.Join(dir, "demo.env"))
	if again2["ENCLAVE_TOKEN_RESEARCHER"] != vars["ENCLAVE_TOKEN_RESEARCHER"] {
		t.Error("second run replaced a still-valid token")
	}
	if err := again.stop(t); err != nil {
		t.Fatal(err)
	}

	// --reset starts over: a new cluster, so the old tokens are gone.
	fresh := start(t, []string{"demo", "--dir", dir, "--addr", "127.0.0.1:0", "--reset", "--people", "1000"}, env)
	addr = fresh.waitFor(t, readyRe, fresh.stdout)
	if _, err := runCmd(t, []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + vars["ENCLAVE_TOKEN_OPERATOR"]}, "whoami"); err == nil {
		t.Error("a token from before --reset still works")
	}
	reset, _ := readEnvFile(filepath.Join(dir, "demo.env"))
	if out, err := runCmd(t, []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + reset["ENCLAVE_TOKEN_AUDITOR"]}, "whoami"); err != nil || !strings.Contains(out, "demo-auditor") {
		t.Errorf("auditor token after --reset: %v %s", err, out)
	}
}

// webSignIn checks that the demo serves the web pages at its address, says
// how to sign in to them, and signs the researcher in with their token.
func webSignIn(t *testing.T, addr, stdout, token string) {
	t.Helper()
	if !strings.Contains(stdout, "The web pages are at http://"+addr+"/") || !strings.Contains(stdout, "ENCLAVE_TOKEN_AUDITOR") {
		t.Errorf("the demo does not say where the web pages are and how to sign in:\n%s", stdout)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm("http://"+addr+"/signin/token", url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
		t.Errorf("web sign-in with the researcher's token: %d, cookies %v; want 303 and the session cookie", resp.StatusCode, resp.Cookies())
	}
}

// TestDemoResetRefusesOtherDirectories: --reset deletes only what the demo
// made.
func TestDemoResetRefusesOtherDirectories(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	precious := filepath.Join(dir, "thesis.tex")
	if err := os.WriteFile(precious, []byte("years of work"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := runCmd(t, nil, "demo", "--dir", dir, "--reset", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "does not look like a demo directory") {
		t.Errorf("demo --reset on another directory: %v", err)
	}
	if _, err := os.Stat(precious); err != nil {
		t.Errorf("the directory's file is gone: %v", err)
	}
}
