package vault_test

import (
	"errors"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestCheckpointStoreRoundTrip(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.PutSecret(vault.DefaultCheckpointPath, map[string]any{"checkpoint": ""}) // as the runbook creates it
	cs, err := vault.NewCheckpointStore(c, "", vault.DefaultCheckpointPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxFor(t)
	if got, err := cs.Load(ctx); got != nil || err != nil {
		t.Fatalf("Load of the empty secret = %q, %v; want nothing saved", got, err)
	}
	for _, signed := range []string{"log\n1\nroot\n\n— log sig1\n", "log\n2\nroot\n\n— log sig2\n"} {
		if err := cs.Save(ctx, []byte(signed)); err != nil {
			t.Fatal(err)
		}
		if got, err := cs.Load(ctx); string(got) != signed || err != nil {
			t.Fatalf("Load = %q, %v; want %q", got, err, signed)
		}
	}
	if got, want := cs.String(), "Vault KV secret/enclave/audit-checkpoint"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestCheckpointStoreLoad(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t, vaulttest.WithKVMount("kv"))
	s.PutSecret("number", map[string]any{"checkpoint": 7})
	s.PutSecret("other", map[string]any{"note": "x"})
	tests := []struct {
		name, path string
		want       error // nil: nothing saved, no error
	}{
		{"missing secret", "nope", nil},
		{"no such field", "other", nil},
		{"not a string", "number", vault.ErrRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := vault.NewCheckpointStore(c, "kv", tt.path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := cs.Load(ctxFor(t))
			if got != nil || !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Load = %q, %v; want nothing and %v", got, err, tt.want)
			}
		})
	}
}

func TestCheckpointStoreSealed(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	cs, err := vault.NewCheckpointStore(c, "", vault.DefaultCheckpointPath)
	if err != nil {
		t.Fatal(err)
	}
	s.Seal()
	if _, err := cs.Load(ctxFor(t)); !errors.Is(err, vault.ErrSealed) {
		t.Errorf("Load while sealed: %v, want ErrSealed", err)
	}
	if err := cs.Save(ctxFor(t), []byte("x")); !errors.Is(err, vault.ErrSealed) {
		t.Errorf("Save while sealed: %v, want ErrSealed", err)
	}
}

func TestNewCheckpointStoreRefusesBadPaths(t *testing.T) {
	t.Parallel()
	_, c := newDouble(t)
	for _, p := range []string{"", "/abs", "a/../b", "a b"} {
		if _, err := vault.NewCheckpointStore(c, "", p); err == nil {
			t.Errorf("NewCheckpointStore(%q) accepted it", p)
		}
	}
}
