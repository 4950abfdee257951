package vaulttest_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t, vaulttest.WithToken("s3cret"))
	s.CreateKey(t, "k", "aes256-gcm96")
	tests := []struct {
		name, token string
		want        int
	}{
		{"right token", "s3cret", http.StatusOK},
		{"wrong token", "guess", http.StatusForbidden},
		{"no token", "", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := s.Client(t)
			c.SetToken(tt.token)
			status, body := call(t, c, http.MethodGet, "transit/keys/k", nil)
			if status != tt.want {
				t.Fatalf("status %d, want %d", status, tt.want)
			}
			if tt.want == http.StatusForbidden && !reflect.DeepEqual(errorsOf(body), []string{"permission denied"}) {
				t.Errorf("body = %v, want permission denied", body)
			}
		})
	}
}

func TestEnvelope(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	s.CreateKey(t, "k", "aes256-gcm96")

	body := mustCall(t, s.Client(t), http.MethodGet, "transit/keys/k", nil, http.StatusOK)

	for _, f := range []string{"request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth"} {
		if _, ok := body[f]; !ok {
			t.Errorf("envelope field %q missing: %v", f, body)
		}
	}
}

func TestUnknownPath(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	if status, _ := call(t, s.Client(t), http.MethodGet, "nowhere/at/all", nil); status != http.StatusNotFound {
		t.Errorf("status %d, want 404", status)
	}
}

func TestSeal(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "k", "hmac")
	s.Seal()

	status, body := call(t, c, http.MethodPost, "transit/hmac/k", map[string]any{"input": "YQ=="})
	if status != http.StatusServiceUnavailable || !reflect.DeepEqual(errorsOf(body), []string{"Vault is sealed"}) {
		t.Errorf("sealed hmac: %d %v, want 503 Vault is sealed", status, body)
	}
	// Raw sys/health answers 503 with sealed:true ...
	status, body = call(t, c, http.MethodGet, "sys/health", nil)
	if status != http.StatusServiceUnavailable || body["sealed"] != true {
		t.Errorf("sealed health: %d %v", status, body)
	}
	// ... and the client's Sys().Health asks for 299 so that it is not an error.
	h, err := c.Sys().HealthWithContext(context.Background())
	if err != nil || !h.Sealed || !h.Initialized {
		t.Errorf("Sys().Health = %+v, %v; want sealed", h, err)
	}

	s.Unseal()
	mustCall(t, c, http.MethodPost, "transit/hmac/k", map[string]any{"input": "YQ=="}, http.StatusOK)
	if h, err := c.Sys().Health(); err != nil || h.Sealed {
		t.Errorf("after unseal: %+v, %v", h, err)
	}
}
