package oidc

import (
	"slices"

	"github.com/research-enclave/enclave/enclave"
)

// identity maps verified claims to an Identity: the principal claim must be
// a valid principal id, and the role claim must carry exactly one value
// that maps to an enclave role, since a principal holds one role (duties
// stay apart).
func (c Config) identity(claims map[string]any) (Identity, error) {
	pc := c.principalClaim()
	id, _ := claims[pc].(string)
	if id == "" {
		return Identity{}, refused("the ID token has no " + pc + " claim, which names the principal")
	}
	if enclave.ValidatePrincipalID(id) != nil {
		return Identity{}, refused("the ID token's " + pc + " claim is not a principal id (1 to 63 of a-z, 0-9, '.', '_', '-'): configure the principal claim")
	}
	var roles []enclave.Role
	for _, v := range claimValues(claims[c.RoleClaim]) {
		if r, ok := c.Roles[v]; ok && !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	switch len(roles) {
	case 0:
		return Identity{}, refused("the ID token's " + c.RoleClaim + " claim holds no value mapped to an enclave role")
	case 1:
	default:
		return Identity{}, refused("the ID token's " + c.RoleClaim + " claim maps to more than one enclave role; a principal holds exactly one")
	}
	return Identity{Principal: id, Role: roles[0], Name: c.name(claims, id)}, nil
}

// claimValues reads a claim that is a string or an array of strings.
func claimValues(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// name is the name to show: the configured claim, else name, else
// preferred_username, else the principal id.
func (c Config) name(claims map[string]any, id string) string {
	for _, k := range []string{c.NameClaim, "name", "preferred_username"} {
		if s, ok := claims[k].(string); ok && k != "" && s != "" {
			return s
		}
	}
	return id
}
