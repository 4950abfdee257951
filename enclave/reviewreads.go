package enclave

import (
	"context"
	"slices"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Get returns held result id as the policy lets actor see it: officers
// with the answer, its requester with the answer once released. A read
// that shows the answer is audited (review.view, success) before it is
// returned.
func (s *Reviews) Get(ctx context.Context, actor Actor, id string) (HeldResult, error) {
	r, err := s.Store.HeldResult(ctx, id)
	if err != nil {
		return HeldResult{}, err
	}
	p, err := s.Projects.Project(ctx, r.Project)
	if err != nil {
		return HeldResult{}, err
	}
	in := s.input(actor, "review.view", "", r, p, nil)
	show, d, err := s.mayView(ctx, in)
	if err != nil {
		return HeldResult{}, err
	}
	if !d.Allow {
		return HeldResult{}, s.refuse(ctx, actor, in, d, id)
	}
	if show {
		ev := s.Audit.Event(actor, audit.KindReviewView, "result", id, audit.OutcomeSuccess, &d,
			map[string]any{"project": r.Project, "state": r.State})
		if err := s.Audit.Store.Record(ctx, ev); err != nil {
			return HeldResult{}, Wrap(CodeUnavailable, "the read could not be audited, so the result is not shown", err)
		}
	}
	return s.view(r, show), nil
}

// List returns the held results actor may see, in state if it is not "":
// every one for officers, their own for researchers. It leaves out each
// answer's manifest and result (Get has them).
func (s *Reviews) List(ctx context.Context, actor Actor, state string) ([]HeldResult, error) {
	if state != "" && !slices.Contains([]string{ResultHeld, ResultReleased, ResultRejected}, state) {
		return nil, E(CodeInvalid, "state must be held, released or rejected")
	}
	f := HeldFilter{State: state}
	if actor.Principal.Role == RoleResearcher {
		// Only narrows the search: the policy still decides each result.
		f.Requester = actor.Principal.ID
	}
	all, err := s.Store.HeldResults(ctx, f)
	if err != nil {
		return nil, err
	}
	projects := map[string]Project{}
	out := []HeldResult{}
	for _, r := range all {
		p, ok := projects[r.Project]
		if !ok {
			if p, err = s.Projects.Project(ctx, r.Project); err != nil {
				return nil, err
			}
			projects[r.Project] = p
		}
		show, d, err := s.mayView(ctx, s.input(actor, "review.view", "", r, p, nil))
		if err != nil {
			return nil, err
		}
		if d.Allow {
			out = append(out, s.view(r, show))
		}
	}
	return out, nil
}

// mayView asks the policy about in, a review.view, and returns whether the
// answer may be shown.
func (s *Reviews) mayView(ctx context.Context, in PolicyInput) (bool, Decision, error) {
	d, err := s.Authorizer.Decide(ctx, in)
	if err != nil {
		return false, d, Wrap(CodeUnavailable, "authorisation is unavailable", err)
	}
	var o reviewObligations
	if err := decodeObligations(d, &o); err != nil {
		return false, d, err
	}
	return o.ShowResult, d, nil
}
