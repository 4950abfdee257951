package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/research-enclave/enclave/enclave/oidc"
	"github.com/research-enclave/enclave/enclave/web"
	"github.com/research-enclave/enclave/internal/config"
	"github.com/research-enclave/enclave/internal/services"
)

// oidcSignIn is the pages' sign-in through the OpenID provider that
// ENCLAVE_OIDC_ISSUER names, or none when it is unset (docs/signin.md). The
// provider's discovery document is read now, so a wrong issuer stops the
// server at start.
func oidcSignIn(ctx context.Context, c config.Config, set *services.Set, log *slog.Logger) ([]web.SignIn, error) {
	if c.OIDCIssuer == "" {
		return nil, nil
	}
	roles, err := oidc.ParseRoles(c.OIDCRoles)
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_OIDC_ROLES: %w", err)
	}
	p, err := oidc.New(ctx, oidc.Config{
		Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret.Reveal(), RedirectURL: c.OIDCRedirectURL,
		PrincipalClaim: c.OIDCPrincipalClaim, RoleClaim: c.OIDCRoleClaim, Roles: roles, NameClaim: c.OIDCNameClaim,
	})
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_OIDC_*: %w", err)
	}
	log.Info("web sign-in with OpenID Connect", "issuer", c.OIDCIssuer)
	return []web.SignIn{&web.OIDC{Provider: p, Tokens: set.Tokens, Secure: c.WebSecureCookies, Logger: log, Now: time.Now}}, nil
}
