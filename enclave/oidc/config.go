package oidc

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/research-enclave/enclave/enclave"
)

// Config names the identity provider and how its claims map to the
// enclave's principals and roles.
type Config struct {
	Issuer       string // the provider's issuer URL; its discovery document is read at New
	ClientID     string // the enclave's client id: ID tokens must name it as their audience
	ClientSecret string
	RedirectURL  string   // where the provider sends the browser back: the enclave's /signin/callback
	Scopes       []string // asked for beside openid; default profile and email

	// PrincipalClaim names the claim that is the principal id (default
	// "sub"). Its value must be a valid principal id
	// (enclave.ValidatePrincipalID): a staff handle, never an email.
	PrincipalClaim string
	// RoleClaim names the claim that lists the person's roles at the
	// provider (a string, or an array of strings; for example "groups"
	// or "roles"), and Roles maps those values to enclave roles. A person
	// must hold exactly one mapped role; other values are ignored.
	RoleClaim string
	Roles     map[string]enclave.Role
	// NameClaim names the claim shown as the person's name (default
	// "name", then "preferred_username").
	NameClaim string
}

// check refuses a configuration that cannot work, naming every problem.
func (c Config) check() error {
	var errs []error
	for name, v := range map[string]string{"issuer": c.Issuer, "client id": c.ClientID, "redirect URL": c.RedirectURL, "role claim": c.RoleClaim} {
		if v == "" {
			errs = append(errs, fmt.Errorf("oidc: the %s is required", name))
		}
	}
	if u, err := url.Parse(c.RedirectURL); c.RedirectURL != "" && (err != nil || !u.IsAbs()) {
		errs = append(errs, errors.New("oidc: the redirect URL must be absolute"))
	}
	if len(c.Roles) == 0 {
		errs = append(errs, errors.New("oidc: no role mapping: map at least one value of the role claim to an enclave role"))
	}
	for _, v := range slices.Sorted(maps.Keys(c.Roles)) {
		if _, err := enclave.ParseRole(string(c.Roles[v])); err != nil {
			errs = append(errs, fmt.Errorf("oidc: role claim value %q: %w", v, err))
		}
	}
	return errors.Join(errs...)
}

func (c Config) principalClaim() string {
	if c.PrincipalClaim == "" {
		return "sub"
	}
	return c.PrincipalClaim
}

func (c Config) scopes() []string {
	s := c.Scopes
	if len(s) == 0 {
		s = []string{"profile", "email"}
	}
	return append([]string{"openid"}, s...)
}

// ParseRoles reads a role mapping written value=role, separated by commas
// (for example "enclave-researchers=researcher,enclave-officers=governance"),
// as a deployment's configuration gives it. Each claim value maps to one
// role; a value given twice is refused.
func ParseRoles(s string) (map[string]enclave.Role, error) {
	out := map[string]enclave.Role{}
	for _, pair := range strings.Split(s, ",") {
		value, role, ok := strings.Cut(strings.TrimSpace(pair), "=")
		value, role = strings.TrimSpace(value), strings.TrimSpace(role)
		if !ok || value == "" {
			return nil, fmt.Errorf("oidc roles: %q is not value=role", pair)
		}
		r, err := enclave.ParseRole(role)
		if err != nil {
			return nil, fmt.Errorf("oidc roles: %s: %w", value, err)
		}
		if _, dup := out[value]; dup {
			return nil, fmt.Errorf("oidc roles: %q is mapped twice", value)
		}
		out[value] = r
	}
	return out, nil
}
