package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// TestReadyzSaysWhy: /readyz names each failing check with its public
// reason, gives up on a check that hangs, and keeps a cause without one in
// the log.
func TestReadyzSaysWhy(t *testing.T) {
	t.Parallel()
	s := &Server{Config: Config{Logger: slog.New(slog.DiscardHandler), Checks: []ReadyCheck{
		{Name: "policy", Check: func(context.Context) error { return nil }},
		{Name: "database", Check: func(context.Context) error {
			return enclave.Wrap(enclave.CodeUnavailable, "the database refuses connections: is PostgreSQL running?", errors.New("dial tcp 127.0.0.1:5432: connect: connection refused"))
		}},
		{Name: "key_source", Check: func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }},
		{Name: "other", Check: func(context.Context) error { return errors.New("secret cause") }},
	}}}
	w := httptest.NewRecorder()
	s.readyz(w, httptest.NewRequest("GET", "/readyz", nil))
	var got struct {
		Status  string
		Checks  map[string]string
		Reasons map[string]string
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"database":   "the database refuses connections: is PostgreSQL running?",
		"key_source": "no answer within 2s",
		"other":      "failing; the cause is in the server's log",
	}
	if w.Code != http.StatusServiceUnavailable || got.Status != "not ready" || got.Checks["policy"] != "ok" || len(got.Reasons) != len(want) {
		t.Fatalf("/readyz = %d %s", w.Code, w.Body)
	}
	for name, reason := range want {
		if got.Checks[name] != "failing" || got.Reasons[name] != reason {
			t.Errorf("check %s: %q, reason %q; want failing, %q", name, got.Checks[name], got.Reasons[name], reason)
		}
	}
}
