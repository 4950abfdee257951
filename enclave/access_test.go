package enclave_test

import (
	"context"
	"errors"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

const readEvents = "GET /v1/audit/events"

func TestAccessDecidesAndAuditsRefusals(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	anonymous := enclave.Actor{Principal: enclave.Anonymous, RequestID: "req-anon"}
	for _, tt := range []struct {
		name    string
		actor   enclave.Actor
		want    enclave.Code // "" when allowed
		audited bool
	}{
		{"allowed", st.Auditor, "", false},
		{"refused", st.Researcher, enclave.CodeForbidden, true},
		// Anonymous probing is only refused: it must not flood the log.
		{"anonymous", anonymous, enclave.CodeUnauthenticated, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := enclave.PolicyInput{Principal: tt.actor.Principal, Action: readEvents}
			err := e.Access.Check(context.Background(), tt.actor, in)
			if tt.want == "" && err != nil || tt.want != "" && enclave.ErrorCode(err) != tt.want {
				t.Fatalf("Check = %v, want code %q", err, tt.want)
			}
			if ee := (*enclave.Error)(nil); tt.want != "" && (!errors.As(err, &ee) || len(ee.Reasons) == 0) {
				t.Errorf("refusal %v carries no reasons", err)
			}
			evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindAccessDenied), TargetID: readEvents, Principal: tt.actor.Principal.ID, Role: string(tt.actor.Principal.Role)})
			if got := len(evs) > 0; got != tt.audited {
				t.Fatalf("refusal audited: %v, want %v (%d events)", got, tt.audited, len(evs))
			}
			if tt.audited {
				ev := evs[0]
				if ev.Outcome != audit.OutcomeDenied || ev.TargetType != "action" || ev.RequestID != "req-test" ||
					ev.Decision == nil || ev.Decision.Allow || ev.Decision.Revision != e.Policy.Revision() || len(ev.Decision.Reasons) == 0 {
					t.Errorf("access.denied event = %+v, decision %+v", ev, ev.Decision)
				}
			}
		})
	}
}

// TestAccessRefusesWhatItCannotAudit: a refusal stands when the log cannot
// record it, and says so for the server log.
func TestAccessRefusesWhatItCannotAudit(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	e.FailRecord(true)
	err := e.Access.Check(context.Background(), st.Researcher, enclave.PolicyInput{Principal: st.Researcher.Principal, Action: readEvents})
	if enclave.ErrorCode(err) != enclave.CodeForbidden || !errors.Is(err, enclave.ErrUnaudited) || !errors.Is(err, st.ErrRecord) {
		t.Errorf("Check with the log refusing writes = %v, want forbidden caused by ErrUnaudited and the store's error", err)
	}
}

// TestAccessFailsClosed: a policy that cannot decide denies.
func TestAccessFailsClosed(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	access := &enclave.Access{Authorizer: brokenPolicy{e.Policy}, Audit: e.Audit}
	err := access.Check(context.Background(), st.Auditor, enclave.PolicyInput{Principal: st.Auditor.Principal, Action: readEvents})
	if enclave.ErrorCode(err) != enclave.CodeUnavailable {
		t.Errorf("Check with a broken policy = %v, want unavailable", err)
	}
}

// brokenPolicy is a policy engine that cannot evaluate.
type brokenPolicy struct{ enclave.Authorizer }

func (brokenPolicy) Decide(context.Context, enclave.PolicyInput) (enclave.Decision, error) {
	return enclave.Decision{Allow: true}, errors.New("policy evaluation failed")
}
