package vault_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault"
)

func TestNewTransitHMACRefusesUnpinnedVersion(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "pid", "hmac")
	for _, v := range []int{0, -1} {
		_, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", v, vault.TransitOptions{})
		if err == nil || !strings.Contains(err.Error(), "must be pinned") {
			t.Errorf("version %d: err = %v, want a refusal to run unpinned", v, err)
		}
	}
	if n := s.Requests("transit/keys/pid"); n != 0 {
		t.Errorf("%d requests sent for an unpinned version, want 0", n)
	}
}

func TestNewTransitHMACChecksKey(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "pid", "hmac")
	s.RotateKey(t, "pid")
	s.CreateKey(t, "floor", "aes256-gcm96")
	s.RotateKey(t, "floor")
	if _, err := vault.APIClient(c).Logical().Write("transit/keys/floor/config", map[string]any{"min_encryption_version": 2}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, key string
		version   int
		opts      vault.TransitOptions
		want      error
	}{
		{"pinned to latest", "pid", 2, vault.TransitOptions{}, nil},
		{"pinned to an older version", "pid", 1, vault.TransitOptions{}, nil},
		{"missing key", "nope", 1, vault.TransitOptions{}, vault.ErrNotFound},
		{"version beyond latest", "pid", 3, vault.TransitOptions{}, vault.ErrRejected},
		{"version below min_encryption_version", "floor", 1, vault.TransitOptions{}, vault.ErrRejected},
		{"other mount", "pid", 1, vault.TransitOptions{Mount: "elsewhere"}, vault.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := vault.NewTransitHMAC(ctxFor(t), c, tt.key, tt.version, tt.opts)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err == nil && h.KeyVersion() != tt.version {
				t.Errorf("KeyVersion = %d, want %d", h.KeyVersion(), tt.version)
			}
		})
	}
}

func TestHMACValues(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "pid", "hmac")
	h, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 1, vault.TransitOptions{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	msgs := append(messages(9), []byte{}, messages(1)[0]) // an empty message and a repeat

	got, err := h.HMAC(ctxFor(t), msgs)

	if err != nil {
		t.Fatal(err)
	}
	key := s.HMACKey(t, "pid", 1)
	for i, m := range msgs {
		if got[i] != hmacSHA256(key, m) {
			t.Errorf("item %d: HMAC differs from HMAC-SHA256 under key version 1", i)
		}
	}
	if got[0] != got[10] {
		t.Errorf("equal messages got different HMACs")
	}
	if n := s.Requests("transit/hmac/pid"); n != 4 {
		t.Errorf("%d requests for 11 messages in batches of 3, want 4", n)
	}
	if n := s.MaxBatchSize(); n != 3 {
		t.Errorf("largest batch %d, want 3", n)
	}
	if empty, err := h.HMAC(ctxFor(t), nil); err != nil || len(empty) != 0 || s.Requests("transit/hmac/pid") != 4 {
		t.Errorf("HMAC(nil) = %v, %v; want no result and no request", empty, err)
	}
}

func TestHMACPinnedAcrossRotation(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "pid", "aes256-gcm96")
	v1, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 1, vault.TransitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	msgs := messages(5)
	before, err := v1.HMAC(ctxFor(t), msgs)
	if err != nil {
		t.Fatal(err)
	}

	s.RotateKey(t, "pid")
	after, err := v1.HMAC(ctxFor(t), msgs)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 2, vault.TransitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rekeyed, err := v2.HMAC(ctxFor(t), msgs)
	if err != nil {
		t.Fatal(err)
	}

	for i := range msgs {
		if after[i] != before[i] {
			t.Errorf("item %d: pinned HMAC changed after rotation", i)
		}
		if rekeyed[i] == before[i] {
			t.Errorf("item %d: version 2 gives the version 1 HMAC", i)
		}
	}
}
