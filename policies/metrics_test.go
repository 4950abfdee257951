package policies

import (
	"context"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/research-enclave/enclave/enclave"
)

// TestDecisionsAreCounted: every decision is counted by its action and
// outcome, memoised ones too, and a decision that could not be made as
// an error.
func TestDecisionsAreCounted(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	ctx := context.Background()
	whoami := enclave.PolicyInput{Principal: as(enclave.RoleResearcher, "alice"), Action: "GET /v1/whoami"}
	for range 2 {
		if _, err := e.Decide(ctx, whoami); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Decide(ctx, enclave.PolicyInput{Principal: enclave.Anonymous, Action: "GET /v1/whoami"}); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.Decide(cancelled, whoami); err == nil {
		t.Fatal("a cancelled decision did not fail")
	}
	for outcome, want := range map[string]float64{"allow": 2, "deny": 1, "error": 1} {
		if got := testutil.ToFloat64(e.decisions.WithLabelValues("GET /v1/whoami", outcome)); got != want {
			t.Errorf("%s decisions: %v, want %v", outcome, got, want)
		}
	}
}
