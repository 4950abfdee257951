package policies

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// checkFailedClosed checks the one denial Decide gives when it cannot decide.
func checkFailedClosed(t *testing.T, e *Engine, d enclave.Decision, err error, wantCode enclave.Code) {
	t.Helper()
	if err == nil {
		t.Fatal("Decide error = nil, want an error")
	}
	t.Logf("Decide error: %v", err)
	if got := enclave.ErrorCode(err); got != wantCode {
		t.Errorf("error code = %s, want %s (error: %v)", got, wantCode, err)
	}
	if d.Allow {
		t.Error("Allow = true, want false")
	}
	if len(d.Reasons) != 1 || d.Reasons[0].Code != ReasonPolicyError || d.Reasons[0].Message == "" {
		t.Errorf("Reasons = %v, want one %s reason with a message", d.Reasons, ReasonPolicyError)
	}
	if d.Obligations == nil {
		t.Error("Obligations is nil, want an empty map")
	}
	if e != nil && d.Revision != e.Revision() {
		t.Errorf("Revision = %q, want %q", d.Revision, e.Revision())
	}
}

// TestDecideFailsClosedOnBadPolicy replaces authz.rego with policies that
// would allow if their decision were taken at face value.
func TestDecideFailsClosedOnBadPolicy(t *testing.T) {
	t.Parallel()
	const reason = `[{"code": "ok", "message": "ok"}]`
	tests := []struct {
		name   string
		policy string
	}{
		{"no decision rule", `x := 1`},
		{"undefined decision", `decision := {"allow": true, "reasons": ` + reason + `, "obligations": {}} if input.never`},
		{"decision not an object", `decision := true`},
		{"allow not a bool", `decision := {"allow": "yes", "reasons": ` + reason + `, "obligations": {}}`},
		{"allow missing", `decision := {"reasons": ` + reason + `, "obligations": {}}`},
		{"reasons not an array", `decision := {"allow": true, "reasons": "ok", "obligations": {}}`},
		{"reasons empty", `decision := {"allow": true, "reasons": [], "obligations": {}}`},
		{"reason not an object", `decision := {"allow": true, "reasons": ["ok"], "obligations": {}}`},
		{"reason without code", `decision := {"allow": true, "reasons": [{"message": "ok", "note": "x"}], "obligations": {}}`},
		{"reason with empty code", `decision := {"allow": true, "reasons": [{"code": "", "message": "ok"}], "obligations": {}}`},
		{"reason message not a string", `decision := {"allow": true, "reasons": [{"code": "ok", "message": 1}], "obligations": {}}`},
		{"obligations missing", `decision := {"allow": true, "reasons": ` + reason + `}`},
		{"obligations not an object", `decision := {"allow": true, "reasons": ` + reason + `, "obligations": []}`},
		{"misspelt key", `decision := {"allow": true, "reasons": ` + reason + `, "obligations": {}, "obligation": {"threshold": 10}}`},
		{"conflicting values", `decision := {"allow": true, "reasons": ` + reason + `, "obligations": {}} if input.action
decision := {"allow": false, "reasons": ` + reason + `, "obligations": {}} if input.principal`},
		{"builtin error", `decision := {"allow": true, "reasons": ` + reason + `, "obligations": {"n": to_number(input.action)}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := policyFS(t, map[string]string{"authz.rego": "package enclave.authz\n\n" + tt.policy + "\n"})
			e, err := newEngine(t.Context(), fsys)
			if err != nil {
				t.Fatalf("newEngine: %v", err)
			}
			d, err := e.Decide(t.Context(), enclave.PolicyInput{Principal: enclave.Anonymous, Action: "GET /livez"})
			checkFailedClosed(t, e, d, err, enclave.CodeInternal)
		})
	}
}

func TestDecideFailsClosed(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	livez := enclave.PolicyInput{Principal: enclave.Anonymous, Action: "GET /livez"}

	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		d, err := e.Decide(ctx, livez)
		checkFailedClosed(t, e, d, err, enclave.CodeUnavailable)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v does not wrap context.Canceled", err)
		}
	})
	t.Run("input that cannot be encoded", func(t *testing.T) {
		t.Parallel()
		in := livez
		// A clock past the year 9999 has no RFC 3339 form.
		in.Action = "project.view"
		in.Resource = enclave.ProjectResource{Now: enclave.PolicyTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))}
		d, err := e.Decide(t.Context(), in)
		checkFailedClosed(t, e, d, err, enclave.CodeInternal)
	})
	t.Run("nil engine", func(t *testing.T) {
		t.Parallel()
		var nilEngine *Engine
		d, err := nilEngine.Decide(t.Context(), livez)
		checkFailedClosed(t, nil, d, err, enclave.CodeInternal)
	})
}
