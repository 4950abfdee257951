package enclave

// EnrolmentResource is the resource of principal.approve and
// principal.reject (policies/enrolment.rego): the officer's note or reason
// and the enrolment decided.
type EnrolmentResource struct {
	Reason    string          `json:"reason"`
	Enrolment EnrolmentRecord `json:"enrolment"`
}

func (EnrolmentResource) policyResource() {}

// EnrolmentRecord is a principal's enrolment as the policy sees it:
// EnrolledBy is who asked for it, "" at bootstrap.
type EnrolmentRecord struct {
	ID         string         `json:"id"`
	Role       Role           `json:"role"`
	State      EnrolmentState `json:"state"`
	EnrolledBy string         `json:"enrolled_by"`
}

// TokenIssueResource is the resource of token.issue (policies/authz.rego):
// whom the token is for, whether that principal exists, and the role asked
// for.
type TokenIssueResource struct {
	PrincipalID     string `json:"principal_id"`
	PrincipalExists bool   `json:"principal_exists"`
	Role            Role   `json:"role"`
}

func (TokenIssueResource) policyResource() {}

// TokenOwnerResource is the resource of token.revoke: the principal whose
// token, or tokens, would be revoked.
type TokenOwnerResource struct {
	OwnerID string `json:"owner_id"`
}

func (TokenOwnerResource) policyResource() {}
