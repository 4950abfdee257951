package enclave_test

import (
	"context"
	"slices"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// heldAnswer returns the id of an answer held for output review: the
// researcher's question on an approved project whose answers are all
// reviewed.
func heldAnswer(t *testing.T, e *st.Env) string {
	t.Helper()
	e.LoadSynthetic(t, 2000)
	draft := st.Draft()
	draft.OutputReview = true
	project := e.Approved(t, draft).ID
	a, err := e.Answers.RunSQL(context.Background(), st.Researcher, project, "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex")
	if err != nil || a.Held == nil || a.Result != nil {
		t.Fatalf("answer on a reviewed project = %+v, %v; want it held, without its result", a, err)
	}
	return a.Held.ID
}

// TestReviewsDecideEachStepAndAuditIt follows a held answer to its
// release: each refused step is refused with the policy's reason and
// audited as denied, the approvals are counted, the approval that
// completes the count releases it, and a refusal the log cannot record
// changes nothing.
func TestReviewsDecideEachStepAndAuditIt(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	id := heldAnswer(t, e)
	approve := func(who enclave.Actor) func() (enclave.HeldResult, error) {
		return func() (enclave.HeldResult, error) { return e.Reviews.Approve(ctx, who, id, "") }
	}
	for _, tt := range []struct {
		name   string
		act    func() (enclave.HeldResult, error)
		kind   audit.Kind
		reason string // "" when allowed
		state  string // the result's state after an allowed step
	}{
		{"the researcher approves", approve(st.Researcher), audit.KindReviewApprove, "role.not_permitted", ""},
		{"an officer approves", approve(st.GovA), audit.KindReviewApprove, "", "held"},
		{"the same officer approves again", approve(st.GovA), audit.KindReviewApprove, "review.already_approved", ""},
		{"an officer rejects without a reason", func() (enclave.HeldResult, error) { return e.Reviews.Reject(ctx, st.GovB, id, "") },
			audit.KindReviewReject, "review.reason_required", ""},
		{"a second officer approves", approve(st.GovB), audit.KindReviewApprove, "", "released"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := enclave.AuditFilter{Kind: string(tt.kind), TargetType: "result", TargetID: id}
			before := len(e.Events(t, f))
			r, err := tt.act()
			evs := e.Events(t, f)
			if len(evs) != before+1 {
				t.Fatalf("%d %s events recorded, want 1", len(evs)-before, tt.kind)
			}
			ev := evs[len(evs)-1]
			if tt.reason == "" {
				if err != nil || r.State != tt.state || ev.Outcome != audit.OutcomeSuccess {
					t.Fatalf("got %s, %v (event outcome %s); want %s", r.State, err, ev.Outcome, tt.state)
				}
				return
			}
			if enclave.ErrorCode(err) != enclave.CodeForbidden || !slices.Contains(reasonCodes(err), tt.reason) {
				t.Fatalf("got %v, want forbidden for %s", err, tt.reason)
			}
			if ev.Outcome != audit.OutcomeDenied || ev.Decision == nil || !slices.Contains(ev.Decision.Reasons, tt.reason) {
				t.Errorf("audited %s %+v, want denied for %s", ev.Outcome, ev.Decision, tt.reason)
			}
		})
	}
	if evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindReviewRelease), TargetID: id}); len(evs) != 1 {
		t.Errorf("%d review.release events, want 1", len(evs))
	}
}

// TestReviewsRefuseNothingUnaudited: a refusal the log cannot record is
// answered unavailable, and the held answer stays as it was.
func TestReviewsRefuseNothingUnaudited(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	id := heldAnswer(t, e)
	e.FailRecord(true)
	_, err := e.Reviews.Approve(ctx, st.Researcher, id, "")
	e.FailRecord(false)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable {
		t.Errorf("refusal with the log refusing writes = %v, want unavailable", err)
	}
	r, err := e.Reviews.Get(ctx, st.GovA, id)
	if err != nil || r.State != "held" || len(r.Approvals) != 0 {
		t.Errorf("held answer after an unaudited refusal: %s with %d approvals, %v; want held, none", r.State, len(r.Approvals), err)
	}
}
