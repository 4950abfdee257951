package enclave

import (
	"context"
	"maps"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Asked finds the results held for review or rejected that asked the
// question with hash queryHash on project before. The one actor asked
// that is still held is returned as actor sees it: asking again shows that
// hold (AskedAgain). The ids of the others, held for someone else or
// rejected, are what a new answer to the question repeats: the policy
// holds it (review.repeat), since the officers have not released, or have
// refused, what it would give.
func (s *Reviews) Asked(ctx context.Context, actor Actor, project, queryHash string) (*HeldResult, []string, error) {
	earlier, err := s.Store.HeldResults(ctx, HeldFilter{Project: project, QueryHash: queryHash})
	if err != nil {
		return nil, nil, err
	}
	var repeatOf []string
	for _, r := range earlier {
		switch {
		case r.State == ResultHeld && r.Requester == actor.Principal.ID:
			h := s.view(r, false)
			return &h, nil, nil
		case r.State != ResultReleased:
			repeatOf = append(repeatOf, r.ID)
		}
	}
	return nil, repeatOf, nil
}

// AskedAgain records that actor asked again the question of h, a result
// of theirs still held for review, under use (the decision that let the
// query run), and returns h: the question is not answered again while the
// officers decide on it. asked is the question as the audit log records
// it (its hash and canonical query).
func (s *Reviews) AskedAgain(ctx context.Context, actor Actor, h HeldResult, use Decision, asked map[string]any) (HeldResult, error) {
	body := maps.Clone(asked)
	body["held"], body["held_for"], body["asked_again"] = h.ID, reasonCodes(Decision{Reasons: h.HeldFor}), true
	ev := s.Audit.Event(actor, audit.KindQueryRun, "project", h.Project, audit.OutcomeSuccess, &use, body)
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return HeldResult{}, Wrap(CodeUnavailable, "the question could not be audited, so its hold is not shown", err)
	}
	return h, nil
}
