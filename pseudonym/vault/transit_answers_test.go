package vault_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// TestHMACBadAnswers makes the third batch's answer wrong in each way the
// client checks, and expects no result, an error naming the item by index,
// and no message bytes in the error.
func TestHMACBadAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fix  func(item map[string]any, results []any) []any
		want string
	}{
		{"per-item error", func(item map[string]any, r []any) []any {
			delete(item, "hmac")
			item["error"] = "missing input for HMAC"
			return r
		}, "item 5: missing input for HMAC"},
		{"another key version", func(item map[string]any, r []any) []any {
			item["hmac"] = strings.Replace(item["hmac"].(string), "vault:v1:", "vault:v2:", 1)
			return r
		}, "item 5: answered under key version 2, not the pinned 1"},
		{"short HMAC", func(item map[string]any, r []any) []any {
			item["hmac"] = "vault:v1:" + base64.StdEncoding.EncodeToString(make([]byte, 16))
			return r
		}, "item 5: HMAC is 16 bytes, not 32"},
		{"no prefix", func(item map[string]any, r []any) []any {
			item["hmac"] = strings.TrimPrefix(item["hmac"].(string), "vault:v1:")
			return r
		}, "item 5: output has no vault:v prefix"},
		{"missing result", func(item map[string]any, r []any) []any { return r[:1] }, "1 results for 2 inputs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := vaulttest.NewServer(t)
			s.CreateKey(t, "pid", "hmac")
			var n atomic.Int32
			c := rewriting(t, s, func(data map[string]any) {
				if n.Add(1) == 3 {
					r := data["batch_results"].([]any)
					data["batch_results"] = tt.fix(r[1].(map[string]any), r)
				}
			})
			h, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 1, vault.TransitOptions{BatchSize: 2, InFlight: 1})
			if err != nil {
				t.Fatal(err)
			}
			msgs := messages(10)

			got, err := h.HMAC(ctxFor(t), msgs)

			if got != nil || !errors.Is(err, vault.ErrRejected) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("HMAC = %d results, %v; want none and an error containing %q", len(got), err, tt.want)
			}
			if leaks(err.Error(), msgs) {
				t.Errorf("error text contains a message: %v", err)
			}
			if n.Load() != 3 {
				t.Errorf("%d batches sent after the failure with InFlight 1, want none", n.Load()-3)
			}
		})
	}
}

// TestHMACErrorsNeverHoldMessages runs the failure paths that reach Vault
// and checks that no error text holds a message or its base64.
func TestHMACErrorsNeverHoldMessages(t *testing.T) {
	t.Parallel()
	msgs := messages(4)
	for _, fault := range []func(*vaulttest.Server){
		func(s *vaulttest.Server) { s.Seal() },
		func(s *vaulttest.Server) { s.FailNext(10, 500) },
		func(s *vaulttest.Server) { s.FailNext(1, 400) },
		func(s *vaulttest.Server) { s.FailNext(1, 403) },
	} {
		s, h := newHMAC(t, fastRetries)
		fault(s)
		_, err := h.HMAC(ctxFor(t), msgs)
		if err == nil || leaks(err.Error(), msgs) || leaks(fmt.Sprintf("%+v %#v", err, err), msgs) {
			t.Errorf("error %v: nil or holds a message", err)
		}
	}
}
