package vault_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// newHMAC starts a double with key "pid" and a TransitHMAC pinned to v1.
func newHMAC(t *testing.T, opts vault.TransitOptions) (*vaulttest.Server, *vault.TransitHMAC) {
	t.Helper()
	s, c := newDouble(t)
	s.CreateKey(t, "pid", "hmac")
	h, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 1, opts)
	if err != nil {
		t.Fatal(err)
	}
	s.ResetCounters()
	return s, h
}

func TestHMACRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		fail, status int
		wantErr      error
		wantRequests int
	}{
		{"bad gateway twice then success", 2, http.StatusBadGateway, nil, 3},
		{"rate limited then success", 1, http.StatusTooManyRequests, nil, 2},
		{"internal error beyond the retries", 10, http.StatusInternalServerError, vault.ErrUnavailable, 4},
		{"bad request is not retried", 5, http.StatusBadRequest, vault.ErrRejected, 1},
		{"forbidden is not retried", 5, http.StatusForbidden, vault.ErrDenied, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, h := newHMAC(t, fastRetries)
			s.FailNext(tt.fail, tt.status)

			got, err := h.HMAC(ctxFor(t), messages(3))

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil && got != nil {
				t.Errorf("partial result returned with an error")
			}
			if n := s.Requests("transit/hmac/pid"); n != tt.wantRequests {
				t.Errorf("%d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestHMACSealed(t *testing.T) {
	t.Parallel()
	s, h := newHMAC(t, fastRetries)
	s.Seal()

	got, err := h.HMAC(ctxFor(t), messages(10))

	if got != nil || !errors.Is(err, vault.ErrSealed) || !errors.Is(err, vault.ErrUnavailable) {
		t.Fatalf("HMAC = %v, %v; want nothing and ErrSealed", got, err)
	}
	var ve *vault.Error
	if !errors.As(err, &ve) || ve.Status != http.StatusServiceUnavailable {
		t.Errorf("err = %#v, want a *vault.Error with status 503", err)
	}
	t.Logf("sealed: %v", err)
}

func TestHMACUnreachable(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	s.CreateKey(t, "pid", "hmac")
	c := clientFor(t, s.Addr(), s.Token())
	h, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 1, fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	vault.APIClient(c).SetAddress("http://127.0.0.1:1") // nothing listens on port 1

	got, err := h.HMAC(ctxFor(t), messages(3))

	if got != nil || !errors.Is(err, vault.ErrUnavailable) {
		t.Fatalf("HMAC = %v, %v; want nothing and ErrUnavailable", got, err)
	}
	t.Logf("unreachable: %v", err)
}

func TestHMACDeadline(t *testing.T) {
	t.Parallel()
	s, h := newHMAC(t, fastRetries)
	s.Delay(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()

	got, err := h.HMAC(ctx, messages(3))

	if got != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("HMAC = %v, %v; want nothing and a deadline error", got, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("HMAC took %v after a 50ms deadline", d)
	}
}
