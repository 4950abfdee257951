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
		t.Skip("SKIPPING: systemd-analyze is not installed; the units were not verified")
	}
	for _, name := range []string{"enclave.service", "enclave-migrate.service"} {
		t.Run(name, func(t *testing.T) { verifyUnit(t, tool, name) })
	}
}

func verifyUnit(t *testing.T, tool, name string) {
	// verify checks that ExecStart's binary exists, so point it at one.
	dir := t.TempDir()
	unit, err := os.ReadFile("systemd/" + name)
	if err != nil {
		t.Fatal(err)
	}
	bin := dir + "/enclave"
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	patched := strings.ReplaceAll(string(unit), "/usr/local/bin/enclave", bin)
	patched = strings.ReplaceAll(patched, "EnvironmentFile=/etc/", "EnvironmentFile=-/etc/")
	// Requires= names the companion unit, which must sit beside it.
	for _, other := range []string{"enclave.service", "enclave-migrate.service"} {
		if b, err := os.ReadFile("systemd/" + other); err == nil && other != name {
			_ = os.WriteFile(dir+"/"+other, []byte(strings.ReplaceAll(strings.ReplaceAll(string(b), "/usr/local/bin/enclave", bin), "EnvironmentFile=/etc/", "EnvironmentFile=-/etc/")), 0o644)
		}
	}
	path := dir + "/" + name
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
	for _, want := range []string{"User=enclave\n", "NoNewPrivileges=yes", "ProtectSystem=strict", "StateDirectory=enclave", "CapabilityBoundingSet=\n", "ExecStart=/usr/local/bin/enclave server\n", "ExecReload=/bin/kill -HUP $MAINPID\n", "Requires=enclave-migrate.service"} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("enclave.service lacks %q", want)
		}
	}
	migrate, err := os.ReadFile("systemd/enclave-migrate.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"User=enclave-migrate\n", "Type=oneshot", "ExecStart=/usr/local/bin/enclave migrate\n", "NoNewPrivileges=yes", "EnvironmentFile=/etc/enclave/migrate.env"} {
		if !strings.Contains(string(migrate), want) {
			t.Errorf("enclave-migrate.service lacks %q", want)
		}
	}
}

// TestServerNeverGetsTheOwnerURL: the owner may change audit records, so its
// URL belongs to the migration unit's environment only.
func TestServerNeverGetsTheOwnerURL(t *testing.T) {
	env, err := os.ReadFile("systemd/enclave.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(env), "\n") {
		if strings.HasPrefix(line, "ENCLAVE_MIGRATE_DATABASE_URL") {
			t.Errorf("enclave.env.example gives the server the owner's URL: %s", line)
		}
	}
}

// TestEnvExampleNamesRealVariables keeps the example in step with the code.
func TestEnvExampleNamesRealVariables(t *testing.T) {
	known := configVars(t)
	for _, name := range []string{"systemd/enclave.env.example", "systemd/migrate.env.example"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			key, _, _ := strings.Cut(line, "=")
			if _, ok := known[key]; !ok {
				t.Errorf("%s line %d: %s is not a configuration variable", name, n, key)
			}
		}
		f.Close()
	}
}

// configVars maps every variable the configuration reads, *_FILE ones
// included, to whether it holds a secret (which only its *_FILE may give).
func configVars(t *testing.T) map[string]bool {
	t.Helper()
	c, err := config.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]bool{}
	for _, s := range c.Describe() {
		vars[s.Var] = s.Secret
		if s.Secret {
			vars[s.Var+"_FILE"] = false
		}
	}
	return vars
}
