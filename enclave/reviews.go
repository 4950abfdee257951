package enclave

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Reviews applies the output review policy (policies/review.rego): which
// answers are held for governance officers, and who may see, approve and
// reject a held one. Every review is written with its audit events in one
// transaction; refusals are audited too.
type Reviews struct {
	Store    HeldStore
	Projects ProjectStore
	// Principals tells an approval who enrolled whom (four eyes: linked
	// officers count as one).
	Principals EnrolmentLinks
	Authorizer Authorizer
	Audit      *Audit
	// OptOuts and CatalogueRevision are what an approval checks a held
	// result's grounds against: the opt-out lists now (nil counts every
	// list as missing) and the revision of the catalogue the service
	// answers with.
	OptOuts           OptOutStatuses
	CatalogueRevision string
	// Required is how many distinct officers must approve a held result.
	Required int
	Now      func() time.Time
}

// OptOutStatuses reports every opt-out list; *OptOuts implements it.
type OptOutStatuses interface {
	Status(ctx context.Context, now time.Time) ([]OptOutStatus, error)
}

// releaseObligations are the obligations review.rego attaches to
// result.release.
type releaseObligations struct {
	Outcome string `json:"outcome"`
}

// Release asks the policy whether actor's answer on project p, which used
// datasets (each mapped to whether the catalogue marks it for review) and
// had near differencing near misses (cells the ledger released within 2 ×
// threshold of an earlier one), may be released now. It returns the
// decision and whether the answer must be held for review instead. An
// error means neither: the answer must not be released.
func (s *Reviews) Release(ctx context.Context, actor Actor, p Project, datasets map[string]bool, near int) (Decision, bool, error) {
	in := PolicyInput{Principal: actor.Principal, Action: "result.release", Resource: map[string]any{
		"release": map[string]any{"datasets": datasets, "output_review": p.OutputReview, "near_misses": near},
	}}
	d, err := s.Authorizer.Decide(ctx, in)
	if err != nil {
		return d, false, Wrap(CodeUnavailable, "authorisation is unavailable, so the answer is not released", err)
	}
	var o releaseObligations
	if err := decodeObligations(d, &o); err != nil {
		return d, false, err
	}
	switch {
	case d.Allow && o.Outcome == "release":
		return d, false, nil
	case !d.Allow && o.Outcome == "review":
		return d, true, nil
	}
	return d, false, &Error{Code: CodeForbidden, Message: "the output review policy does not allow this answer to be released", Reasons: d.Reasons}
}

// Hold stores r, an answer of actor's that the policy held (release, the
// decision), and records the query's audit event: the query.run event of
// use, the decision that let the query run, with body (the manifest as
// the audit log keeps it) naming the held result. It returns the result as
// the researcher sees it.
func (s *Reviews) Hold(ctx context.Context, actor Actor, r HeldResult, release, use Decision, body map[string]any) (HeldResult, error) {
	id, err := newHeldID()
	if err != nil {
		return HeldResult{}, err
	}
	now := s.Now().UTC()
	r.ID, r.Requester, r.State, r.HeldFor = id, actor.Principal.ID, ResultHeld, release.Reasons
	r.Approvals, r.CreatedAt, r.UpdatedAt = []ReviewStep{}, now, now
	codes := make([]string, len(release.Reasons))
	for i, reason := range release.Reasons {
		codes[i] = reason.Code
	}
	body = maps.Clone(body)
	body["held"], body["held_for"] = id, slices.Compact(codes)
	ev := s.Audit.Event(actor, audit.KindQueryRun, "project", r.Project, audit.OutcomeSuccess, &use, body)
	if err := s.Store.Hold(ctx, r, ev); err != nil {
		return HeldResult{}, err
	}
	return s.view(r, false), nil
}

// view is r as a reader sees it: without the answer unless shown.
func (s *Reviews) view(r HeldResult, show bool) HeldResult {
	r.ApprovalsRequired = s.Required
	if !show {
		r.Summary, r.Manifest, r.Result = nil, nil, nil
	}
	return r
}

// newHeldID returns "res_" and 12 random characters of a-z0-9.
func newHeldID() (string, error) { return newID("res_", "a held result") }
