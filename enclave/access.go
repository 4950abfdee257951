package enclave

import (
	"context"
	"errors"
	"fmt"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Access decides whether a principal may take an action named by a client
// (an API route), before the service behind it decides on the resource.
// Refusals of authenticated principals are audited; anonymous ones are not,
// so that unauthenticated probing cannot flood the log.
type Access struct {
	Authorizer Authorizer
	Audit      *Audit
}

// ErrUnaudited is the cause of a refusal the audit log could not record.
// The refusal stands; the failure is for the server log.
var ErrUnaudited = errors.New("the refusal could not be audited")

// Check asks the policy about in on behalf of actor, and returns an error
// unless it allows: CodeUnavailable when the policy could not decide,
// CodeUnauthenticated for an anonymous caller, CodeForbidden otherwise,
// with the policy's reasons.
func (s *Access) Check(ctx context.Context, actor Actor, in PolicyInput) error {
	_, err := authorize(ctx, s.Authorizer, s.Audit, actor, in)
	return err
}

// authorize is Check for any service: a denial is audited as access.denied
// with the action as its target.
func authorize(ctx context.Context, authz Authorizer, aud *Audit, actor Actor, in PolicyInput) (Decision, error) {
	d, err := authz.Decide(ctx, in)
	if err != nil {
		return d, Wrap(CodeUnavailable, "authorisation is unavailable; nothing was done", err)
	}
	if d.Allow {
		return d, nil
	}
	if in.Principal.Role == RoleAnonymous {
		return d, &Error{Code: CodeUnauthenticated, Message: "an API token is required", Reasons: d.Reasons}
	}
	refusal := &Error{Code: CodeForbidden, Message: "the policy does not allow this", Reasons: d.Reasons}
	ev := aud.Event(actor, audit.KindAccessDenied, "action", in.Action, audit.OutcomeDenied, &d, nil)
	if err := aud.Store.Record(ctx, ev); err != nil {
		refusal.Err = fmt.Errorf("%w: %w", ErrUnaudited, err)
	}
	return d, refusal
}
