package enclave

import (
	"context"
	"fmt"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// History reads a principal's questions from the audit log, where every
// query asked, checked, held or refused is recorded: a researcher's record
// across sessions, which they cannot search the log for. The policy
// decides whose questions a caller may read (query.history), and each read
// is recorded, as an audit.read event, before it is served.
type History struct {
	Authorizer Authorizer
	Audit      *Audit
}

// QuestionFilter selects a principal's questions, newest first: those
// recorded before event Before (-1: from the newest), at most Limit (0:
// DefaultQuestions).
type QuestionFilter struct {
	Principal string
	Before    int64
	Limit     int
}

// The bounds of one page of questions.
const (
	DefaultQuestions = 50
	MaxQuestions     = 200
)

// HistoryResource is the resource of query.history (policies/history.rego):
// whose questions are read.
type HistoryResource struct {
	PrincipalID string `json:"principal_id"`
}

func (HistoryResource) policyResource() {}

// questionKinds are the events that record a question: the answers, holds
// and refusals of runs, the checks, and the governance policy's refusals
// (project.use, kept only when it names a query).
var questionKinds = []audit.Kind{audit.KindQueryRun, audit.KindQueryCheck, audit.KindProjectUse}

// Questions returns f.Principal's questions (actor's own when empty),
// newest first, and the Before of the next page (-1 when this is the
// last), for actor.
func (h *History) Questions(ctx context.Context, actor Actor, f QuestionFilter) ([]Question, int64, error) {
	if f.Principal == "" {
		f.Principal = actor.Principal.ID
	}
	if f.Limit == 0 {
		f.Limit = DefaultQuestions
	}
	if f.Limit < 1 || f.Limit > MaxQuestions {
		return nil, -1, E(CodeInvalid, fmt.Sprintf("limit must be a whole number from 1 to %d", MaxQuestions))
	}
	if f.Before < -1 {
		return nil, -1, E(CodeInvalid, "before must be an event's index (0 or more), or -1 for the newest")
	}
	if err := h.decide(ctx, actor, f); err != nil {
		return nil, -1, err
	}
	events, err := h.Audit.Store.Recent(ctx, RecentFilter{Principal: f.Principal, Kinds: questionKinds, Before: f.Before, Limit: f.Limit})
	if err != nil {
		return nil, -1, err
	}
	next := int64(-1)
	if len(events) == f.Limit {
		next = int64(events[len(events)-1].Seq)
	}
	qs := make([]Question, 0, len(events))
	for _, ev := range events {
		if q, ok := questionOf(ev); ok {
			qs = append(qs, q)
		}
	}
	return qs, next, nil
}

// decide asks the policy whether actor may read f's questions, and records
// the read: allowed, before anything is read (no record, no answer), or
// refused. The principal asked about is recorded as its HMAC, as the
// auditor's searches record it: it is whatever the caller typed.
func (h *History) decide(ctx context.Context, actor Actor, f QuestionFilter) error {
	d, err := h.Authorizer.Decide(ctx, PolicyInput{Principal: actor.Principal, Action: "query.history", Resource: HistoryResource{PrincipalID: f.Principal}})
	if err != nil {
		return Wrap(CodeUnavailable, "authorisation is unavailable; nothing was read", err)
	}
	if !d.Allow && actor.Principal.Role == RoleAnonymous {
		return &Error{Code: CodeUnauthenticated, Message: "an API token is required", Reasons: d.Reasons}
	}
	body := map[string]any{"questions": map[string]any{
		"principal": h.Audit.FieldHMAC(f.Principal), "own": f.Principal == actor.Principal.ID, "before": f.Before, "limit": f.Limit,
	}}
	outcome := audit.OutcomeSuccess
	if !d.Allow {
		outcome = audit.OutcomeDenied
	}
	ev := h.Audit.Event(actor, audit.KindAuditRead, "audit", "log", outcome, &d, body)
	if err := h.Audit.Store.Record(ctx, ev); err != nil {
		if !d.Allow {
			return Wrap(CodeUnavailable, "the refusal could not be audited", err)
		}
		return Wrap(CodeUnavailable, "the read could not be audited, so nothing is shown", err)
	}
	if !d.Allow {
		return &Error{Code: CodeForbidden, Message: "the policy does not allow reading these questions", Reasons: d.Reasons}
	}
	return nil
}

// Question is one question as its audit event recorded it: when, on which
// project, asked to run or only to be checked, the canonical query and how
// it ended. It holds no result and no value from the data.
type Question struct {
	// Seq is the index of the question's audit event: for an answer, the
	// record of its manifest, which an auditor can prove.
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	Project string    `json:"project"`
	// Asked is run or check.
	Asked string `json:"asked"`
	// Outcome is answered, held, checked, refused (by validation, the
	// governance policy or disclosure control) or failed.
	Outcome string `json:"outcome"`
	// Reasons are the reason codes of a refusal, failure or hold.
	Reasons []string `json:"reasons,omitempty"`
	// HeldID is the held result of an answer held for output review;
	// AskedAgain marks a question asked again while its answer was held.
	HeldID     string `json:"held_id,omitempty"`
	AskedAgain bool   `json:"asked_again,omitempty"`
	QueryHash  string `json:"query_hash,omitempty"`
	// Query is the canonical query as recorded, with any value recorded as
	// an HMAC (one that looked like an identifier) withheld; absent when
	// the query was refused before it was understood.
	Query any `json:"query,omitempty"`
}
