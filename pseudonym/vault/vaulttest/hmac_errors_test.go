package vaulttest_test

import (
	"bytes"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// TestHMACErrors checks the request-level errors of transit/hmac against the
// spec's table (section 1, "Single-request errors").
func TestHMACErrors(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "two", "aes256-gcm96")
	s.RotateKey(t, "two")
	s.CreateKey(t, "pinned", "hmac")
	s.RotateKey(t, "pinned")
	mustCall(t, c, http.MethodPost, "transit/keys/pinned/config", map[string]any{"min_encryption_version": 2}, http.StatusOK)

	tests := []struct {
		name, path string
		body       map[string]any
		want       string // exact message, or prefix when it ends with ": "
	}{
		{"unknown key", "transit/hmac/nope", map[string]any{"input": "YQ=="}, "encryption key not found"},
		{"no input", "transit/hmac/two", map[string]any{}, "missing input for HMAC"},
		{"empty batch", "transit/hmac/two", map[string]any{"batch_input": []any{}}, "missing batch input to process"},
		{"version too old", "transit/hmac/pinned", map[string]any{"input": "YQ==", "key_version": 1}, "cannot generate HMAC: version is too old (disallowed by policy)"},
		{"version too new", "transit/hmac/two", map[string]any{"input": "YQ==", "key_version": 99}, "key version does not exist; latest key version is 2"},
		{"version too new in batch", "transit/hmac/two", map[string]any{"batch_input": []any{map[string]any{"input": "YQ=="}}, "key_version": 3}, "key version does not exist; latest key version is 2"},
		{"negative version", "transit/hmac/two", map[string]any{"input": "YQ==", "key_version": -1}, "key version does not exist (cannot be negative)"},
		{"unknown algorithm", "transit/hmac/two/md5", map[string]any{"input": "YQ=="}, `unsupported algorithm "md5"`},
		{"bad base64", "transit/hmac/two", map[string]any{"input": "%%%"}, "unable to decode input as base64: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, c, http.MethodPost, tt.path, tt.body)
			errs := errorsOf(body)
			if status != http.StatusBadRequest || len(errs) != 1 {
				t.Fatalf("got %d %v, want 400 with one error", status, body)
			}
			if prefix, ok := strings.CutSuffix(tt.want, ": "); ok {
				if !strings.HasPrefix(errs[0], prefix+": ") {
					t.Errorf("error = %q, want prefix %q", errs[0], tt.want)
				}
			} else if errs[0] != tt.want {
				t.Errorf("error = %q, want %q", errs[0], tt.want)
			}
		})
	}
}

// TestVerifyErrors checks the per-item errors of transit/verify for HMACs
// against the spec's table (section 2).
func TestVerifyErrors(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "k", "aes256-gcm96")
	s.RotateKey(t, "k")
	v1 := data(t, mustCall(t, c, http.MethodPost, "transit/hmac/k", map[string]any{"input": "YQ==", "key_version": 1}, http.StatusOK))["hmac"].(string)
	mustCall(t, c, http.MethodPost, "transit/keys/k/config", map[string]any{"min_decryption_version": 2}, http.StatusOK)

	batch := []map[string]any{
		{"input": "YQ==", "hmac": "v1:abc"},
		{"input": "YQ==", "hmac": "vault:v1"},
		{"input": "YQ==", "hmac": "vault:vX:YQ=="},
		{"input": "YQ==", "hmac": "vault:v1:%%%"},
		{"input": "YQ==", "hmac": "vault:v3:YQ=="},
		{"input": "YQ==", "hmac": v1},
		{"hmac": v1},
	}
	want := []string{
		"invalid HMAC to verify: no prefix",
		"invalid HMAC: wrong number of fields",
		"invalid HMAC: version number could not be decoded",
		"unable to decode verification HMAC as base64: illegal base64 data at input byte 0",
		"invalid HMAC: version is too new",
		"cannot verify HMAC: version is too old (disallowed by policy)",
		"missing input",
	}

	res := items(t, mustCall(t, c, http.MethodPost, "transit/verify/k", map[string]any{"batch_input": batch}, http.StatusOK))

	got := make([]string, len(res))
	for i, r := range res {
		got[i], _ = r["error"].(string)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%q\nwant\n%q", got, want)
	}

	// A single request with the same fault is a 400.
	status, body := call(t, c, http.MethodPost, "transit/verify/k", map[string]any{"input": "YQ==", "hmac": v1})
	if status != http.StatusBadRequest || !reflect.DeepEqual(errorsOf(body), []string{want[5]}) {
		t.Errorf("single too old: %d %v", status, body)
	}
	// Items must all carry "hmac".
	status, body = call(t, c, http.MethodPost, "transit/verify/k", map[string]any{"batch_input": []any{map[string]any{"input": "YQ==", "hmac": v1}, map[string]any{"input": "YQ=="}}})
	if status != http.StatusBadRequest || !reflect.DeepEqual(errorsOf(body), []string{"some elements of batch_input are missing 'hmac'"}) {
		t.Errorf("mixed batch: %d %v", status, body)
	}
}

// TestRotation walks the spec's checklist for rotation and pinning
// (sections 4 and 5).
func TestRotation(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "pid", "hmac")
	hmacOf := func(body map[string]any) string {
		t.Helper()
		return data(t, mustCall(t, c, http.MethodPost, "transit/hmac/pid", body, http.StatusOK))["hmac"].(string)
	}
	before := hmacOf(map[string]any{"input": b64("9434765919")})

	d := data(t, mustCall(t, c, http.MethodPost, "transit/keys/pid/rotate", nil, http.StatusOK))
	if d["latest_version"] != 2.0 {
		t.Fatalf("latest_version after rotate = %v, want 2", d["latest_version"])
	}

	latest := hmacOf(map[string]any{"input": b64("9434765919")})
	pinned := hmacOf(map[string]any{"input": b64("9434765919"), "key_version": 1})
	if !strings.HasPrefix(latest, "vault:v2:") || latest == before {
		t.Errorf("after rotate the latest HMAC is %q; want a different v2 value than %q", latest, before)
	}
	if pinned != before {
		t.Errorf("pinned v1 HMAC after rotate = %q, want %q", pinned, before)
	}
	if bytes.Equal(s.HMACKey(t, "pid", 1), s.HMACKey(t, "pid", 2)) {
		t.Errorf("versions 1 and 2 share key material")
	}
	v := data(t, mustCall(t, c, http.MethodPost, "transit/verify/pid", map[string]any{"input": b64("9434765919"), "hmac": before}, http.StatusOK))
	if v["valid"] != true {
		t.Errorf("old v1 HMAC no longer verifies: %v", v)
	}
	// Change a character in the middle: the last one before "=" carries
	// padding bits that a lenient decoder ignores.
	i := len("vault:v1:") + 10
	flip := map[bool]string{true: "B", false: "A"}[before[i] == 'A']
	tampered := before[:i] + flip + before[i+1:]
	v = data(t, mustCall(t, c, http.MethodPost, "transit/verify/pid", map[string]any{"input": b64("9434765919"), "hmac": tampered}, http.StatusOK))
	if v["valid"] != false {
		t.Errorf("tampered HMAC: %v, want valid false", v)
	}
}
