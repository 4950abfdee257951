package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// testPseudonymKey is key material for the key sources under test.
var testPseudonymKey = base64.StdEncoding.EncodeToString([]byte("test-pseudonym-key-of-32-bytes!!"))

// loadOptOuts posts a deny list of n synthetic NHS numbers as the operator
// and returns the status and body.
func loadOptOuts(t *testing.T, addr, token string, n int) (int, string) {
	t.Helper()
	var file strings.Builder
	for body := 0; n > 0; body++ {
		s := fmt.Sprintf("999%06d", body)
		sum := 0
		for k := range 9 {
			sum += (10 - k) * int(s[k]-'0')
		}
		if check := (11 - sum%11) % 11; check != 10 {
			fmt.Fprintf(&file, "%s%d\n", s, check)
			n--
		}
	}
	req, _ := http.NewRequest("POST", "http://"+addr+"/v1/optouts/ndoo?form=deny", strings.NewReader(file.String()))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServerKeySourceNoneThenDev: without ENCLAVE_KEY_SOURCE the server
// starts but refuses to pseudonymise; with the dev source it loads, under
// the pinned version, with dev pseudonyms.
func TestServerKeySourceNoneThenDev(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	none := start(t, []string{"server"}, serverEnv(t, db))
	addr := none.waitFor(t, servingRe, none.stderr)
	token := none.waitFor(t, bootstrapRe, none.stdout)
	if !strings.Contains(none.stderr.String(), "ENCLAVE_KEY_SOURCE is not set") {
		t.Errorf("no warning that there is no key source:\n%s", none.stderr)
	}
	if status, body := loadOptOuts(t, addr, token, 20); status != http.StatusServiceUnavailable {
		t.Errorf("opt-out load without a key source: %d %s", status, body)
	}
	if err := none.stop(t); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(t.TempDir(), "pseudonym.key")
	if err := os.WriteFile(file, []byte(testPseudonymKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dev := start(t, []string{"server"}, append(serverEnv(t, db),
		"ENCLAVE_KEY_SOURCE=dev", "ENCLAVE_PSEUDONYM_KEY_FILE="+file, "ENCLAVE_PSEUDONYM_KEY_VERSION=3"))
	addr = dev.waitFor(t, servingRe, dev.stderr)
	if log := dev.stderr.String(); !strings.Contains(log, `"msg":"key source","source":"dev","key_version":3,"dev":true`) ||
		strings.Contains(log, testPseudonymKey) {
		t.Errorf("start-up log does not name the dev source and version 3, or shows the key:\n%s", log)
	}
	status, body := loadOptOuts(t, addr, token, 20)
	if status != http.StatusCreated || !strings.Contains(body, `"key_version":3,"key_dev":true`) {
		t.Errorf("opt-out load with the dev key source: %d %s", status, body)
	}
}

func TestServerRefusesDevKeySourceInProduction(t *testing.T) {
	t.Parallel()
	v := vaulttest.NewServer(t)
	v.CreateKey(t, "enclave-audit", "ed25519")
	env := append(serverEnv(t, pgtest.New(t)), "ENCLAVE_MODE=production", "ENCLAVE_CATALOGUE_DIR=../../catalogue",
		"ENCLAVE_AUDIT_SIGNER=vault-transit", "ENCLAVE_AUDIT_SIGNING_KEY=", "ENCLAVE_VAULT_ADDR="+v.Addr(), "ENCLAVE_VAULT_TOKEN="+v.Token(),
		"ENCLAVE_KEY_SOURCE=dev", "ENCLAVE_PSEUDONYM_KEY="+testPseudonymKey)
	_, err := runCmd(t, env, "server")
	if err == nil || !strings.Contains(err.Error(), "ENCLAVE_KEY_SOURCE=dev is for dev mode only") {
		t.Errorf("production server with the dev key source: %v", err)
	}
}

func TestServerRefusesBadDevKey(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	short := base64.StdEncoding.EncodeToString([]byte("sixteen bytes!!!"))
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"no key", []string{"ENCLAVE_KEY_SOURCE=dev"}, "needs ENCLAVE_PSEUDONYM_KEY_FILE"},
		{"missing key file", []string{"ENCLAVE_KEY_SOURCE=dev", "ENCLAVE_PSEUDONYM_KEY_FILE=/does/not/exist"}, "ENCLAVE_PSEUDONYM_KEY_FILE"},
		{"short key", []string{"ENCLAVE_KEY_SOURCE=dev", "ENCLAVE_PSEUDONYM_KEY=" + short}, "ENCLAVE_PSEUDONYM_KEY: must be the base64 of at least 32"},
		{"not base64", []string{"ENCLAVE_KEY_SOURCE=dev", "ENCLAVE_PSEUDONYM_KEY=not*base64"}, "ENCLAVE_PSEUDONYM_KEY: must be the base64 of at least 32"},
		{"unpinned version", []string{"ENCLAVE_KEY_SOURCE=dev", "ENCLAVE_PSEUDONYM_KEY=" + testPseudonymKey, "ENCLAVE_PSEUDONYM_KEY_VERSION=0"}, "ENCLAVE_PSEUDONYM_KEY_VERSION"},
		{"unknown source", []string{"ENCLAVE_KEY_SOURCE=file"}, "accepted values are vault-transit, vault-kv, dev"},
		{"Vault source without Vault", []string{"ENCLAVE_KEY_SOURCE=vault-kv"}, "ENCLAVE_KEY_SOURCE=vault-kv needs ENCLAVE_VAULT_ADDR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := runCmd(t, append(serverEnv(t, db), tt.env...), "server")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("server: %v, want an error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), short) || strings.Contains(err.Error(), testPseudonymKey) {
				t.Errorf("the error shows the key: %v", err)
			}
		})
	}
}
