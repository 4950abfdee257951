// Package deploy holds the service's deployment files; its tests check them.
package deploy

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/internal/config"
)

// TestSystemdUnitVerifies runs systemd-analyze verify on the unit when the
// tool is present (it is part of systemd, not of every build machine).
func TestSystemdUnitVerifies(t *testing.T) {
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("SKIPPING: systemd-analyze is not installed; the unit was not verified")
	}
	// verify checks that ExecStart's binary exists, so point it at one.
	dir := t.TempDir()
	unit, err := os.ReadFile("systemd/enclave.service")
	if err != nil {
		t.Fatal(err)
	}
	bin := dir + "/enclave"
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	patched := strings.ReplaceAll(string(unit), "/usr/local/bin/enclave", bin)
	patched = strings.ReplaceAll(patched, "EnvironmentFile=/etc/enclave/enclave.env", "EnvironmentFile=-/etc/enclave/enclave.env")
	path := dir + "/enclave.service"
	if err := os.WriteFile(path, []byte(patched), 0o644); err != nil {
		t.Fatal(err)
	}
	// verify exits 0 even for a value it ignores, so any output is a finding.
	out, err := exec.Command(tool, "verify", "--man=no", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

func TestSystemdUnitIsHardened(t *testing.T) {
	unit, err := os.ReadFile("systemd/enclave.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"User=enclave", "NoNewPrivileges=yes", "ProtectSystem=strict", "StateDirectory=enclave", "CapabilityBoundingSet=\n", "ExecStart=/usr/local/bin/enclave server"} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("unit lacks %q", want)
		}
	}
}

// TestEnvExampleNamesRealVariables keeps the example in step with the code.
func TestEnvExampleNamesRealVariables(t *testing.T) {
	known := map[string]bool{}
	c, err := config.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Describe() {
		known[s.Var] = true
		if s.Secret {
			known[s.Var+"_FILE"] = true
		}
	}
	f, err := os.Open("systemd/enclave.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, _, _ := strings.Cut(line, "=")
		if !known[key] {
			t.Errorf("line %d: %s is not a configuration variable", n, key)
		}
	}
}
