package enclave

import "context"

// PolicyInput is what the policy engine decides on. Action names a route
// ("GET /v1/tokens", with the chi route pattern) or a domain action
// ("token.revoke"); Resource carries the attributes of the object acted on,
// when the decision depends on them.
type PolicyInput struct {
	Principal Principal      `json:"principal"`
	Action    string         `json:"action"`
	Resource  map[string]any `json:"resource,omitempty"`
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
