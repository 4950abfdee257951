package vault_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestReadKVKey(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	old, key := randomKey(t, 32), randomKey(t, 48)
	s.PutSecret("enclave/pid-key", map[string]any{"key": base64.StdEncoding.EncodeToString(old)})
	s.PutSecret("enclave/pid-key", map[string]any{"key": base64.StdEncoding.EncodeToString(key), "note": 7})

	got, version, err := vault.ReadKVKey(ctxFor(t), c, "secret", "enclave/pid-key", "key")

	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, key) || version != 2 {
		t.Errorf("ReadKVKey = %d bytes, version %d; want the 48-byte key of version 2", len(got), version)
	}
}

func TestReadKVKeyVersion(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	old := randomKey(t, 32)
	s.PutSecret("enclave/pid-key", map[string]any{"key": base64.StdEncoding.EncodeToString(old)})
	s.PutSecret("enclave/pid-key", map[string]any{"key": base64.StdEncoding.EncodeToString(randomKey(t, 32))})

	got, err := vault.ReadKVKeyVersion(ctxFor(t), c, "secret", "enclave/pid-key", "key", 1)

	if err != nil || !bytes.Equal(got, old) {
		t.Errorf("ReadKVKeyVersion(1) = %d bytes, %v; want the version 1 key", len(got), err)
	}
	if _, err := vault.ReadKVKeyVersion(ctxFor(t), c, "secret", "enclave/pid-key", "key", 3); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("version 3 of 2: %v, want ErrNotFound", err)
	}
	if _, err := vault.ReadKVKeyVersion(ctxFor(t), c, "secret", "enclave/pid-key", "key", 0); err == nil || !strings.Contains(err.Error(), "pinned") {
		t.Errorf("version 0: %v, want a refusal", err)
	}
}

func TestReadKVKeyErrors(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t, vaulttest.WithKVMount("kv"))
	short := base64.StdEncoding.EncodeToString(randomKey(t, 31))
	s.PutSecret("short", map[string]any{"key": short})
	s.PutSecret("notb64", map[string]any{"key": "this is not base64, it is the key itself"})
	s.PutSecret("number", map[string]any{"key": 12345})
	s.PutSecret("other", map[string]any{"material": base64.StdEncoding.EncodeToString(randomKey(t, 32))})
	s.PutSecret("deleted", map[string]any{"key": base64.StdEncoding.EncodeToString(randomKey(t, 32))})
	if err := vault.APIClient(c).KVv2("kv").Delete(ctxFor(t), "deleted"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		want       error
		secret     string // must not appear in the error
	}{
		{"missing secret", "nope", vault.ErrNotFound, ""},
		{"deleted version", "deleted", vault.ErrNotFound, ""},
		{"short key", "short", vault.ErrRejected, short},
		{"not base64", "notb64", vault.ErrRejected, "the key itself"},
		{"not a string", "number", vault.ErrRejected, "12345"},
		{"no such field", "other", vault.ErrRejected, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, _, err := vault.ReadKVKey(ctxFor(t), c, "kv", tt.path, "key")
			if key != nil || !errors.Is(err, tt.want) {
				t.Fatalf("ReadKVKey = %v, %v; want no key and %v", key, err, tt.want)
			}
			if tt.secret != "" && strings.Contains(err.Error(), tt.secret) {
				t.Errorf("error holds the secret value: %v", err)
			}
		})
	}
	for _, bad := range []string{"", "/abs", "a/../b", "a?b"} {
		if _, _, err := vault.ReadKVKey(ctxFor(t), c, "kv", bad, "key"); err == nil {
			t.Errorf("path %q accepted", bad)
		}
	}
}

func TestReadKVKeyDefaultMount(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.PutSecret("enclave/k", map[string]any{"key": base64.StdEncoding.EncodeToString(randomKey(t, 32))})
	if _, v, err := vault.ReadKVKey(ctxFor(t), c, "", "enclave/k", "key"); err != nil || v != 1 {
		t.Errorf("ReadKVKey with the default mount = %d, %v", v, err)
	}
}

func randomKey(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
