package vault_test

import (
	"testing"
	"time"

	"github.com/research-enclave/enclave/pseudonym/vault"
)

// TestHMACInFlight checks that batches go out concurrently, up to InFlight
// and never more. The double holds each request for a while, so that
// requests meant to overlap do.
func TestHMACInFlight(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name               string
		inFlight, messages int
		delay              time.Duration
	}{
		{"four at once", 4, 4 * 10, 300 * time.Millisecond},
		{"never more than two", 2, 8 * 10, 20 * time.Millisecond},
		{"one at a time", 1, 4 * 10, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, h := newHMAC(t, vault.TransitOptions{BatchSize: 10, InFlight: tt.inFlight})
			s.Delay(tt.delay)

			got, err := h.HMAC(ctxFor(t), messages(tt.messages))

			if err != nil || len(got) != tt.messages {
				t.Fatalf("HMAC = %d results, %v", len(got), err)
			}
			if n := s.MaxConcurrent(); n > tt.inFlight {
				t.Errorf("%d requests in flight at once, limit %d", n, tt.inFlight)
			}
			// With as many batches as slots and a long hold, all overlap.
			if tt.messages/10 == tt.inFlight && s.MaxConcurrent() != tt.inFlight {
				t.Errorf("%d requests in flight at once, want %d", s.MaxConcurrent(), tt.inFlight)
			}
			if n, want := s.Requests("transit/hmac/pid"), tt.messages/10; n != want {
				t.Errorf("%d requests, want %d", n, want)
			}
		})
	}
}

// TestHMACOrderUnderConcurrency checks that results keep the messages' order
// when batches finish out of order.
func TestHMACOrderUnderConcurrency(t *testing.T) {
	t.Parallel()
	s, h := newHMAC(t, vault.TransitOptions{BatchSize: 7, InFlight: 8})
	msgs := messages(500)

	got, err := h.HMAC(ctxFor(t), msgs)

	if err != nil {
		t.Fatal(err)
	}
	key := s.HMACKey(t, "pid", 1)
	for i, m := range msgs {
		if got[i] != hmacSHA256(key, m) {
			t.Fatalf("item %d out of order or wrong", i)
		}
	}
}
