package enclave

import (
	"fmt"
	"regexp"
)

// Role is what a principal does in the enclave. A principal holds exactly one
// role, which keeps duties separate (a governance officer cannot also be a
// researcher on the projects they approve).
type Role string

// The roles of the enclave. RoleAnonymous is never stored: it stands for a
// request that carries no credentials, so that public routes are authorised by
// policy like every other route.
const (
	RoleResearcher Role = "researcher"
	RoleGovernance Role = "governance"
	RoleAuditor    Role = "auditor"
	RoleOperator   Role = "operator"
	RoleAnonymous  Role = "anonymous"
)

// Roles lists the roles a principal can hold, in a stable order.
var Roles = []Role{RoleResearcher, RoleGovernance, RoleAuditor, RoleOperator}

// ParseRole returns the role named s, or an error naming the accepted values.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", E(CodeInvalid, fmt.Sprintf("unknown role %q: accepted roles are researcher, governance, auditor, operator", s))
}

// Principal is an authenticated caller.
type Principal struct {
	ID   string `json:"id,omitempty"`
	Role Role   `json:"role"`
}

// Anonymous is the principal of a request without credentials.
var Anonymous = Principal{Role: RoleAnonymous}

var principalIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// ValidatePrincipalID checks that id is a short, lower-case handle. Principal
// ids are staff handles, never personal data about research subjects.
func ValidatePrincipalID(id string) error {
	if !principalIDPattern.MatchString(id) {
		return E(CodeInvalid, "principal id must be 1 to 63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit")
	}
	return nil
}
