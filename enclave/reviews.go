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
	// answers with, read once per action.
	OptOuts           OptOutStatuses
	CatalogueRevision func() string
	// Required is how many distinct officers must approve a held result.
	Required int
	// Rollbacks, when set, holds every answer while an acknowledged
	// rollback of the database is held, and refuses approvals while one
	// is found and not acknowledged (the ledger has forgotten cells).
	Rollbacks interface {
		Held(ctx context.Context) (bool, error)
		Serving(ctx context.Context) error
	}
	Now func() time.Time
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
// datasets (each mapped to whether the catalogue marks it for review), had
// near differencing near misses (cells the ledger released within 2 ×
// threshold of an earlier one) and repeats earlier results held or
// rejected (the same question on the project, or cells with exactly their
// people, never given out), may be released now. It returns the decision
// and whether the answer must be held for review instead. An error means
// neither: the answer must not be released.
func (s *Reviews) Release(ctx context.Context, actor Actor, p Project, datasets map[string]bool, near, repeats int) (Decision, bool, error) {
	rollback := false
	if s.Rollbacks != nil {
		var err error
		if rollback, err = s.Rollbacks.Held(ctx); err != nil {
			return Decision{}, false, err
		}
	}
	in := PolicyInput{Principal: actor.Principal, Action: "result.release", Resource: ReleaseResource{
		Release: ReleaseRecord{Datasets: datasets, OutputReview: p.OutputReview, NearMisses: near, Repeats: repeats, Rollback: rollback},
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
// decision), under r.ID (NewHeldID: the differencing ledger may have
// recorded its cells under it already), and records the query's audit
// event: the query.run event of use, the decision that let the query run,
// with body (the manifest as the audit log keeps it) naming the held
// result and the results it repeats. It returns the result as the
// researcher sees it.
func (s *Reviews) Hold(ctx context.Context, actor Actor, r HeldResult, release, use Decision, body map[string]any) (HeldResult, error) {
	if r.ID == "" {
		return HeldResult{}, E(CodeInternal, "a held result needs its id before it is stored")
	}
	now := s.Now().UTC()
	r.Requester, r.State, r.HeldFor = actor.Principal.ID, ResultHeld, release.Reasons
	r.Approvals, r.CreatedAt, r.UpdatedAt = []ReviewStep{}, now, now
	body = maps.Clone(body)
	body["held"], body["held_for"] = r.ID, reasonCodes(release)
	if len(r.RepeatOf) > 0 {
		body["repeat_of"] = r.RepeatOf
	}
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
		r.Summary, r.Manifest, r.Result, r.RepeatOf = nil, nil, nil, nil
	}
	return r
}

// reasonCodes are the codes of d's reasons, each once.
func reasonCodes(d Decision) []string {
	codes := make([]string, len(d.Reasons))
	for i, reason := range d.Reasons {
		codes[i] = reason.Code
	}
	return slices.Compact(codes)
}

// NewHeldID returns a new held result's id: "res_" and 12 random
// characters of a-z0-9.
func NewHeldID() (string, error) { return newID("res_", "a held result") }
