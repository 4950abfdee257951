package vaulttest_test

import (
	"crypto/ed25519"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestSignEd25519(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	mustCall(t, c, http.MethodPost, "transit/keys/audit", map[string]any{"type": "ed25519"}, http.StatusOK)
	s.RotateKey(t, "audit")

	key := data(t, mustCall(t, c, http.MethodGet, "transit/keys/audit", nil, http.StatusOK))
	v1, _ := key["keys"].(map[string]any)["1"].(map[string]any)
	if v1["name"] != "ed25519" || v1["creation_time"] == "" {
		t.Errorf("keys[1] = %v", v1)
	}
	pub := ed25519.PublicKey(unb64(t, v1["public_key"].(string)))
	if !pub.Equal(s.PublicKey(t, "audit", 1)) {
		t.Fatalf("public key of v1 differs from the double's")
	}

	d := data(t, mustCall(t, c, http.MethodPost, "transit/sign/audit", map[string]any{"input": b64("checkpoint"), "key_version": 1}, http.StatusOK))

	sig, ok := strings.CutPrefix(d["signature"].(string), "vault:v1:")
	if !ok || d["key_version"] != 1.0 {
		t.Fatalf("sign = %v, want a v1 signature and key_version 1", d)
	}
	if !ed25519.Verify(pub, []byte("checkpoint"), unb64(t, sig)) {
		t.Errorf("signature does not verify with the v1 public key")
	}
	v := data(t, mustCall(t, c, http.MethodPost, "transit/verify/audit", map[string]any{"input": b64("checkpoint"), "signature": d["signature"]}, http.StatusOK))
	if v["valid"] != true {
		t.Errorf("verify = %v", v)
	}
	v = data(t, mustCall(t, c, http.MethodPost, "transit/verify/audit", map[string]any{"input": b64("other"), "signature": d["signature"]}, http.StatusOK))
	if v["valid"] != false {
		t.Errorf("verify of other input = %v", v)
	}
	latest := data(t, mustCall(t, c, http.MethodPost, "transit/sign/audit", map[string]any{"input": b64("checkpoint")}, http.StatusOK))
	if !strings.HasPrefix(latest["signature"].(string), "vault:v2:") || latest["key_version"] != 2.0 {
		t.Errorf("unpinned sign = %v, want v2", latest)
	}
}

func TestSignErrors(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "audit", "ed25519")
	s.CreateKey(t, "pid", "hmac")
	tests := []struct {
		name, path string
		body       map[string]any
		want       string
	}{
		{"unknown key", "transit/sign/nope", map[string]any{"input": "YQ=="}, "signing key not found"},
		{"not a signing key", "transit/sign/pid", map[string]any{"input": "YQ=="}, "key type hmac does not support signing"},
		{"version too new", "transit/sign/audit", map[string]any{"input": "YQ==", "key_version": 2}, "requested version for signing is higher than the latest key version"},
		{"negative version", "transit/sign/audit", map[string]any{"input": "YQ==", "key_version": -1}, "requested version for signing is negative"},
		{"empty batch", "transit/sign/audit", map[string]any{"batch_input": []any{}}, "missing batch input to process"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, c, http.MethodPost, tt.path, tt.body)
			if status != http.StatusBadRequest || !reflect.DeepEqual(errorsOf(body), []string{tt.want}) {
				t.Errorf("got %d %v, want 400 %q", status, body, tt.want)
			}
		})
	}
}
