package enclave

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// PolicyInput is what the policy engine decides on. Action names a route
// ("GET /v1/tokens", with the chi route pattern) or a domain action
// ("token.revoke"); Resource carries the attributes of the object acted on,
// when the decision depends on them.
type PolicyInput struct {
	Principal Principal      `json:"principal"`
	Action    string         `json:"action"`
	Resource  PolicyResource `json:"resource,omitempty"`
}

// PolicyResource is the resource of a domain action: one of the typed
// resources of this package (ProjectResource, ReviewResource,
// ReleaseResource, EnrolmentResource, TokenIssueResource,
// TokenOwnerResource, RetractionResource), each the input contract of one
// policy file. Being structs, they give every field its JSON type and every
// record its fields, so the policies check values, not shapes; the
// unexported method keeps untyped maps out.
type PolicyResource interface{ policyResource() }

// PolicyTime is the injected clock as a policy reads it: RFC 3339 in UTC,
// whole seconds ("2025-06-15T10:00:00Z"), whatever the zone and precision
// of the time it holds. A policy never reads a clock of its own, because
// the engine memoises decisions by input.
type PolicyTime time.Time

// MarshalJSON encodes t in the one form the policies read; a year outside
// 0 to 9999 has no such form and is an error, which denies.
func (t PolicyTime) MarshalJSON() ([]byte, error) {
	u := time.Time(t).UTC().Truncate(time.Second)
	if u.Year() < 0 || u.Year() > 9999 {
		return nil, errors.New("policy time: year outside 0 to 9999")
	}
	return json.Marshal(u.Format(time.RFC3339))
}

// Reason explains one part of a policy decision. Codes are stable
// (for example "role.not_permitted") because clients and audit records
// depend on them.
type Reason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Decision is the structured answer of the policy engine: allow or deny with
// reasons, obligations the caller must meet, and the revision (content hash)
// of the policy bundle that produced it.
type Decision struct {
	Allow       bool           `json:"allow"`
	Reasons     []Reason       `json:"reasons"`
	Obligations map[string]any `json:"obligations"`
	Revision    string         `json:"revision"`
}

// Authorizer evaluates policy. Implementations fail closed: any evaluation
// error is returned as an error, and callers treat an error as a denial.
type Authorizer interface {
	Decide(ctx context.Context, in PolicyInput) (Decision, error)
	Revision() string
}
