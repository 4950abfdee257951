package enclave

import (
	"context"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// EnrolmentState is where a principal's enrolment stands. Principals whose
// role counts toward a four-eyes decision are enrolled pending, at an
// operator's request, until a governance officer who did not ask for it
// approves (docs/governance.md, "Enrolment"); the policy says which roles.
type EnrolmentState string

// The enrolment states.
const (
	EnrolmentPending EnrolmentState = "pending" // asked for; its tokens do not authenticate yet
	EnrolmentActive  EnrolmentState = "active"  // enrolled: bootstrapped, needing no approval, or approved
	EnrolmentRefused EnrolmentState = "refused" // an officer refused it; its tokens are revoked
)

// ParseEnrolmentState returns the state named s, or an error naming the
// accepted values.
func ParseEnrolmentState(s string) (EnrolmentState, error) {
	switch st := EnrolmentState(s); st {
	case EnrolmentPending, EnrolmentActive, EnrolmentRefused:
		return st, nil
	}
	return "", E(CodeInvalid, "state must be pending, active or refused")
}

// PrincipalInfo describes a stored principal and its enrolment.
type PrincipalInfo struct {
	ID        string         `json:"id"`
	Role      Role           `json:"role"`
	State     EnrolmentState `json:"state"`
	CreatedAt time.Time      `json:"created_at"`
	// CreatedBy is who enrolled the principal: "" at bootstrap.
	CreatedBy string `json:"created_by,omitempty"`
	// DecidedBy is the officer who approved or refused the enrolment, ""
	// when it needed no decision.
	DecidedBy      string     `json:"decided_by,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	DecisionReason string     `json:"decision_reason,omitempty"`
}

// EnrolmentLink is who enrolled a principal and who decided its enrolment.
// Two principals linked this way, either way round, are not two pairs of
// eyes: four-eyes decisions refuse them together.
type EnrolmentLink struct {
	EnrolledBy string `json:"enrolled_by"`
	ApprovedBy string `json:"approved_by"`
}

// EnrolmentLinks reads the links of every principal; TokenStore
// implements it.
type EnrolmentLinks interface {
	EnrolmentLinks(ctx context.Context) (map[string]EnrolmentLink, error)
}

// enrolmentsOf is the policy input "enrolments" for the principals ids:
// each one's links, "" where there is none. A principal missing from
// links is left out, and the policy refuses the input.
func enrolmentsOf(links map[string]EnrolmentLink, ids ...string) map[string]EnrolmentLink {
	out := map[string]EnrolmentLink{}
	for _, id := range ids {
		if l, ok := links[id]; ok {
			out[id] = l
		}
	}
	return out
}

// ApproveEnrolment approves the pending enrolment of principal id on
// behalf of actor, a governance officer, with an optional note.
func (s *Tokens) ApproveEnrolment(ctx context.Context, actor Actor, id, note string) (PrincipalInfo, error) {
	return s.decideEnrolment(ctx, actor, id, "principal.approve", note)
}

// RejectEnrolment refuses the pending enrolment of principal id on behalf
// of actor, with a written reason; the principal's tokens are revoked.
func (s *Tokens) RejectEnrolment(ctx context.Context, actor Actor, id, reason string) (PrincipalInfo, error) {
	return s.decideEnrolment(ctx, actor, id, "principal.reject", reason)
}

func (s *Tokens) decideEnrolment(ctx context.Context, actor Actor, id, action, reason string) (PrincipalInfo, error) {
	if err := ValidatePrincipalID(id); err != nil {
		return PrincipalInfo{}, err
	}
	if err := checkReason(reason); err != nil {
		return PrincipalInfo{}, err
	}
	p, ok, err := s.Store.Principal(ctx, id)
	if err != nil {
		return PrincipalInfo{}, err
	}
	if !ok {
		return PrincipalInfo{}, E(CodeNotFound, "no such principal")
	}
	if s.Authorizer == nil {
		return PrincipalInfo{}, E(CodeUnavailable, "authorisation is unavailable; nothing was done")
	}
	in := PolicyInput{Principal: actor.Principal, Action: action, Resource: EnrolmentResource{
		Reason:    reason,
		Enrolment: EnrolmentRecord{ID: p.ID, Role: p.Role, State: p.State, EnrolledBy: p.CreatedBy},
	}}
	d, err := s.Authorizer.Decide(ctx, in)
	if err != nil {
		return PrincipalInfo{}, Wrap(CodeUnavailable, "authorisation is unavailable; nothing was done", err)
	}
	if !d.Allow {
		ev := s.Audit.Event(actor, audit.Kind(action), "principal", id, audit.OutcomeDenied, &d, nil)
		if err := s.Audit.Store.Record(ctx, ev); err != nil {
			return PrincipalInfo{}, Wrap(CodeUnavailable, "the refusal could not be audited", err)
		}
		return PrincipalInfo{}, &Error{Code: CodeForbidden, Message: "the enrolment policy does not allow " + action, Reasons: d.Reasons}
	}
	state := EnrolmentActive
	if action == "principal.reject" {
		state = EnrolmentRefused
	}
	body := map[string]any{"role": string(p.Role), "enrolled_by": p.CreatedBy, "state_after": string(state)}
	if reason != "" {
		body["reason_hmac"] = s.Audit.FieldHMAC(reason)
	}
	ev := s.Audit.Event(actor, audit.Kind(action), "principal", id, audit.OutcomeSuccess, &d, body)
	err = s.Store.DecideEnrolment(ctx, id, state, actor.Principal.ID, s.Now().UTC(), reason, ev)
	if err != nil {
		return PrincipalInfo{}, err
	}
	p, ok, err = s.Store.Principal(ctx, id)
	if err == nil && !ok {
		err = E(CodeInternal, "the principal is gone")
	}
	return p, err
}
