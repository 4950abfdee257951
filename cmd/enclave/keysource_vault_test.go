package main

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// readyz returns /readyz's status and body.
func readyz(t *testing.T, addr string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServerKeySourceVaultTransit runs a production server whose pseudonyms
// and checkpoints both come from (a double of) Vault transit: it checks the
// pinned version at start, and /readyz follows Vault's seal.
func TestServerKeySourceVaultTransit(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	v.CreateKey(t, "enclave-audit", "ed25519")
	v.CreateKey(t, "enclave-pid", "hmac")
	v.RotateKey(t, "enclave-pid")
	env := append(serverEnv(t, pgtest.New(t)), "ENCLAVE_MODE=production", "ENCLAVE_CATALOGUE_DIR=../../catalogue",
		"ENCLAVE_AUDIT_SIGNER=vault-transit", "ENCLAVE_AUDIT_SIGNING_KEY=", "ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token(),
		"ENCLAVE_KEY_SOURCE=vault-transit", "ENCLAVE_PSEUDONYM_KEY_VERSION=2")
	srv := start(t, []string{"server"}, env)
	addr := srv.waitFor(t, servingRe, srv.stderr)
	if !strings.Contains(srv.stderr.String(), `"msg":"key source","source":"vault-transit","key_version":2,"dev":false`) {
		t.Errorf("start-up log does not name vault-transit version 2:\n%s", srv.stderr)
	}
	if v.Requests("transit/keys/enclave-pid") == 0 {
		t.Error("the transit key was not checked at start")
	}
	if code, body := readyz(t, addr); code != http.StatusOK || !strings.Contains(body, `"key_source":"ok"`) {
		t.Errorf("/readyz = %d %s", code, body)
	}
	v.Seal()
	if code, body := readyz(t, addr); code != http.StatusServiceUnavailable || !strings.Contains(body, `"key_source":"failing"`) {
		t.Errorf("/readyz with Vault sealed = %d %s", code, body)
	}
}

// TestServerKeySourceVaultKV reads the pinned version of the key at start;
// after that the server no longer needs Vault to pseudonymise.
func TestServerKeySourceVaultKV(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	old := base64.StdEncoding.EncodeToString([]byte("the-first-version-of-the-pidkey!"))
	v.PutSecret("enclave/pid-key", map[string]any{"key": old})
	v.PutSecret("enclave/pid-key", map[string]any{"key": testPseudonymKey})
	srv := start(t, []string{"server"}, append(serverEnv(t, pgtest.New(t)),
		"ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token(), "ENCLAVE_KEY_SOURCE=vault-kv", "ENCLAVE_PSEUDONYM_KEY_VERSION=2"))
	addr := srv.waitFor(t, servingRe, srv.stderr)
	if log := srv.stderr.String(); !strings.Contains(log, `"msg":"key source","source":"vault-kv","key_version":2,"dev":false`) ||
		strings.Contains(log, testPseudonymKey) || strings.Contains(log, old) {
		t.Errorf("start-up log does not name vault-kv version 2, or shows a key:\n%s", log)
	}
	v.Seal()
	if code, body := readyz(t, addr); code != http.StatusOK {
		t.Errorf("/readyz of a vault-kv server with Vault sealed = %d %s, want 200 (the key is in memory)", code, body)
	}
}

// TestServerRefusesUnusableVaultKey: a server whose key source cannot get
// its pinned key does not start, and says why.
func TestServerRefusesUnusableVaultKey(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	short := base64.StdEncoding.EncodeToString([]byte("sixteen bytes!!!"))
	tests := []struct {
		name  string
		setup func(v *vaulttest.Server)
		env   []string
		want  []string
	}{
		{"kv: sealed", func(v *vaulttest.Server) {
			v.PutSecret("enclave/pid-key", map[string]any{"key": testPseudonymKey})
			v.Seal()
		}, []string{"ENCLAVE_KEY_SOURCE=vault-kv"}, []string{"vault is sealed"}},
		{"kv: no secret", func(*vaulttest.Server) {}, []string{"ENCLAVE_KEY_SOURCE=vault-kv"},
			[]string{"ENCLAVE_PSEUDONYM_KV_PATH", "not found"}},
		{"kv: no such version", func(v *vaulttest.Server) {
			v.PutSecret("enclave/pid-key", map[string]any{"key": testPseudonymKey})
		}, []string{"ENCLAVE_KEY_SOURCE=vault-kv", "ENCLAVE_PSEUDONYM_KEY_VERSION=2"}, []string{"version 2 (ENCLAVE_PSEUDONYM_KEY_VERSION)", "not found"}},
		{"kv: no such field", func(v *vaulttest.Server) {
			v.PutSecret("enclave/pid-key", map[string]any{"key": testPseudonymKey})
		}, []string{"ENCLAVE_KEY_SOURCE=vault-kv", "ENCLAVE_PSEUDONYM_KV_FIELD=pid"}, []string{`field "pid" (ENCLAVE_PSEUDONYM_KV_FIELD)`, `no field "pid"`}},
		{"kv: short key", func(v *vaulttest.Server) {
			v.PutSecret("enclave/pid-key", map[string]any{"key": short})
		}, []string{"ENCLAVE_KEY_SOURCE=vault-kv"}, []string{"at least 32"}},
		{"transit: sealed", func(v *vaulttest.Server) {
			v.CreateKey(t, "enclave-pid", "hmac")
			v.Seal()
		}, []string{"ENCLAVE_KEY_SOURCE=vault-transit"}, []string{"vault is sealed"}},
		{"transit: no key", func(*vaulttest.Server) {}, []string{"ENCLAVE_KEY_SOURCE=vault-transit"},
			[]string{"ENCLAVE_PSEUDONYM_TRANSIT_KEY", "not found"}},
		{"transit: no such version", func(v *vaulttest.Server) { v.CreateKey(t, "enclave-pid", "hmac") },
			[]string{"ENCLAVE_KEY_SOURCE=vault-transit", "ENCLAVE_PSEUDONYM_KEY_VERSION=2"}, []string{"version 2 (ENCLAVE_PSEUDONYM_KEY_VERSION)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := vaulttest.NewServer(t)
			tt.setup(v)
			env := append(serverEnv(t, db), "ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token())
			_, err := runCmd(t, append(env, tt.env...), "server")
			if err == nil {
				t.Fatal("the server started")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), testPseudonymKey) || strings.Contains(err.Error(), short) {
				t.Errorf("the error shows the key: %v", err)
			}
		})
	}
}
