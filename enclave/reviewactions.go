package enclave

import (
	"context"
	"errors"
	"slices"

	"github.com/research-enclave/enclave/enclave/audit"
)

// reviewObligations are the obligations review.rego attaches to the review
// actions (see its package comment).
type reviewObligations struct {
	ShowResult        bool   `json:"show_result"`
	StateAfter        string `json:"state_after"`
	ApprovalsRequired int    `json:"approvals_required"`
	ApprovalsAfter    int    `json:"approvals_after"`
}

// Approve records actor's approval of held result id, with an optional
// note. The approval that completes the officers' count releases it.
func (s *Reviews) Approve(ctx context.Context, actor Actor, id, note string) (HeldResult, error) {
	return s.act(ctx, actor, id, "review.approve", note)
}

// Reject rejects held result id with actor's written reason, which the
// researcher reads.
func (s *Reviews) Reject(ctx context.Context, actor Actor, id, reason string) (HeldResult, error) {
	return s.act(ctx, actor, id, "review.reject", reason)
}

// act decides action on held result id inside the store's transaction and
// writes the change; a denial is audited after the rollback. An approval is
// decided on the result's grounds as well, against the project and the
// datasets' data revisions read in the transaction, and the catalogue
// revision and the opt-out lists as read just before it.
func (s *Reviews) act(ctx context.Context, actor Actor, id, action, reason string) (HeldResult, error) {
	if err := checkReason(reason); err != nil {
		return HeldResult{}, err
	}
	var lists map[string]OptOutList
	var links map[string]EnrolmentLink
	var revision string
	if action == "review.approve" && s.Rollbacks != nil {
		if err := s.Rollbacks.Serving(ctx); err != nil {
			// Released now, the cells would be checked against a ledger
			// that has forgotten cells released before the restore.
			ev := s.Audit.Event(actor, audit.Kind(action), "result", id, audit.OutcomeFailure, nil, map[string]any{"failed": string(ErrorCode(err))})
			if rerr := s.Audit.Store.Record(ctx, ev); rerr != nil {
				return HeldResult{}, Wrap(CodeUnavailable, "the refusal could not be audited", rerr)
			}
			return HeldResult{}, err
		}
	}
	if action == "review.approve" {
		revision = s.CatalogueRevision()
		// Read before the transaction, which holds a connection meanwhile;
		// a principal's links never change once its enrolment is decided.
		var err error
		if lists, err = s.listsNow(ctx); err != nil {
			return HeldResult{}, err
		}
		if s.Principals == nil {
			return HeldResult{}, E(CodeUnavailable, "who enrolled whom is unknown, so no approval can be counted; nothing was done")
		}
		if links, err = s.Principals.EnrolmentLinks(ctx); err != nil {
			return HeldResult{}, err
		}
	}
	err := s.Store.ActOnHeld(ctx, id, func(r HeldResult, p Project, data map[string]string) (HeldChange, error) {
		var approval *ReviewApproval
		if action == "review.approve" {
			ids := append([]string{actor.Principal.ID, r.Requester}, r.record().Approvals...)
			approval = &ReviewApproval{
				Settings:   ReviewSettings{Required: s.Required},
				HeldOn:     r.Grounds,
				Current:    CurrentGrounds{Submission: p.Submission, CatalogueRevision: revision, OptOutLists: lists, DataRevisions: data},
				Enrolments: enrolmentsOf(links, ids...),
			}
		}
		in := s.input(actor, action, reason, r, p, approval)
		d, err := s.Authorizer.Decide(ctx, in)
		if err != nil {
			return HeldChange{}, Wrap(CodeUnavailable, "authorisation is unavailable; nothing was done", err)
		}
		if !d.Allow {
			return HeldChange{}, &denial{in: in, d: d}
		}
		return s.change(actor, in, d, r, reason)
	})
	var r *denial
	if errors.As(err, &r) {
		return HeldResult{}, s.refuse(ctx, actor, r.in, r.d, id)
	}
	if err != nil {
		return HeldResult{}, err
	}
	return s.Get(ctx, actor, id)
}

// listsNow reports every opt-out list now; none when s.OptOuts is nil,
// which the policy takes as missing.
func (s *Reviews) listsNow(ctx context.Context) (map[string]OptOutList, error) {
	lists := map[string]OptOutList{}
	if s.OptOuts == nil {
		return lists, nil
	}
	all, err := s.OptOuts.Status(ctx, s.Now())
	if err != nil {
		return nil, err
	}
	for _, st := range all {
		l := OptOutList{State: st.State()}
		if st.Current != nil {
			l.Version = st.Current.Version
		}
		lists[string(st.List)] = l
	}
	return lists, nil
}

// input is the policy input of a review action on r, a result of project
// p; approval is nil except for review.approve.
func (s *Reviews) input(actor Actor, action, reason string, r HeldResult, p Project, approval *ReviewApproval) PolicyInput {
	res := ReviewResource{Now: PolicyTime(s.Now()), Reason: reason, Result: r.record(), Project: *p.record(), ReviewApproval: approval}
	return PolicyInput{Principal: actor.Principal, Action: action, Resource: res}
}

// change turns an allowed decision into what the store writes, following
// the decision's obligations.
func (s *Reviews) change(actor Actor, in PolicyInput, d Decision, r HeldResult, reason string) (HeldChange, error) {
	var o reviewObligations
	if err := decodeObligations(d, &o); err != nil {
		return HeldChange{}, err
	}
	if o.StateAfter == "" {
		return HeldChange{}, E(CodeInternal, "the policy allowed "+in.Action+" without saying the state after it")
	}
	now := s.Now().UTC()
	c := HeldChange{After: r, Step: ReviewStep{Officer: actor.Principal.ID, At: now, Reason: reason}, Policy: d.Revision}
	c.After.State, c.After.UpdatedAt = o.StateAfter, now
	for _, reason := range d.Reasons {
		c.Codes = append(c.Codes, reason.Code)
	}
	body := map[string]any{"project": r.Project, "state_before": r.State, "state_after": o.StateAfter}
	kind := audit.KindReviewReject
	if in.Action == "review.approve" {
		c.Action, kind = "approve", audit.KindReviewApprove
		c.After.Approvals = append(slices.Clone(r.Approvals), c.Step)
		body["approvals"], body["approvals_required"] = o.ApprovalsAfter, o.ApprovalsRequired
	} else {
		c.Action, c.After.Rejection = "reject", &c.Step
	}
	if reason != "" {
		body["reason_hmac"] = s.Audit.FieldHMAC(reason)
	}
	c.Events = []audit.Event{s.Audit.Event(actor, kind, "result", r.ID, audit.OutcomeSuccess, &d, body)}
	if c.After.State == ResultReleased {
		officers := make([]string, len(c.After.Approvals))
		for i, a := range c.After.Approvals {
			officers[i] = a.Officer
		}
		c.Events = append(c.Events, s.Audit.Event(actor, audit.KindReviewRelease, "result", r.ID, audit.OutcomeSuccess, &d,
			map[string]any{"project": r.Project, "query_hash": r.QueryHash, "approved_by": officers}))
	}
	return c, nil
}

// refuse audits a refusal and returns it as an error. A researcher who may
// not see a held result is told it does not exist.
func (s *Reviews) refuse(ctx context.Context, actor Actor, in PolicyInput, d Decision, id string) error {
	ev := s.Audit.Event(actor, audit.Kind(in.Action), "result", id, audit.OutcomeDenied, &d, nil)
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return Wrap(CodeUnavailable, "the refusal could not be audited", err)
	}
	for _, r := range d.Reasons {
		if in.Action == "review.view" && (r.Code == "review.not_requester" || r.Code == "review.requester_left") {
			return E(CodeNotFound, "no such held result")
		}
	}
	return &Error{Code: CodeForbidden, Message: "the output review policy does not allow " + in.Action, Reasons: d.Reasons}
}
