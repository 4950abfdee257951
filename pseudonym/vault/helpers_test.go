package vault_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// newDouble starts a Vault double and a client built by vault.NewClient,
// the way the service builds it.
func newDouble(t *testing.T, opts ...vaulttest.Option) (*vaulttest.Server, *vault.Client) {
	t.Helper()
	s := vaulttest.NewServer(t, opts...)
	return s, clientFor(t, s.Addr(), s.Token())
}

func clientFor(t *testing.T, addr, token string) *vault.Client {
	t.Helper()
	c, err := vault.NewClient(vault.Config{Address: addr, Token: token, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func ctxFor(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// fastRetries keeps retry tests quick.
var fastRetries = vault.TransitOptions{Backoff: time.Millisecond}

// messages returns n distinct NHS-number-like messages.
func messages(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = fmt.Appendf(nil, "nhs:%010d", 9434765919+i)
	}
	return out
}

// hmacSHA256 is the expected value under key.
func hmacSHA256(key, msg []byte) [32]byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return [32]byte(m.Sum(nil))
}

// rewriting puts a proxy in front of the double that lets fix rewrite the
// "data" of every transit/hmac answer, to simulate a Vault (or something in
// between) answering wrongly. It returns a client for the proxy.
func rewriting(t *testing.T, s *vaulttest.Server, fix func(data map[string]any)) *vault.Client {
	t.Helper()
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.Contains(r.URL.Path, "/hmac/") && rec.Code == http.StatusOK {
			var env map[string]any
			if err := json.Unmarshal(body, &env); err != nil {
				t.Errorf("proxy: %v", err)
			}
			fix(env["data"].(map[string]any))
			body, _ = json.Marshal(env)
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(proxy.Close)
	return clientFor(t, proxy.URL, s.Token())
}

// leaks reports whether text contains any message or its base64 form.
func leaks(text string, msgs [][]byte) bool {
	for _, m := range msgs {
		if strings.Contains(text, string(m)) || strings.Contains(text, base64.StdEncoding.EncodeToString(m)) {
			return true
		}
	}
	return false
}
