package web

import (
	"context"
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// Identity is who a sign-in proved the user to be. Pages show DisplayName
// and act as Principal; nothing of it may be a secret or a pseudonym.
type Identity struct {
	Principal   enclave.Principal
	DisplayName string
	// TokenID is the id (never the secret) of the API token the user signed
	// in with, "" for other sign-ins; audit actors carry it as the API's do.
	TokenID string
	// Recheck, when set, is asked on every request whether the identity
	// still holds (the token was not revoked, has not expired); an error
	// ends the session.
	Recheck func(context.Context) error
}

// SignIn is one way of signing in besides the dev-mode token page, such
// as OpenID Connect. The web mounts Handler under /signin/{Name}/ and links
// to that path, labelled Label, from the sign-in page. Once the handler
// knows who the user is, it calls start, which begins the session, sets its
// cookie and sends the browser to the home page.
type SignIn interface {
	Name() string
	Label() string
	Handler(start func(http.ResponseWriter, *http.Request, Identity)) http.Handler
}

// tokenIdentity authenticates an API token through the Tokens service, as
// the API authenticates a bearer token. The secret stays in the session's
// memory only, so that every request checks the token again.
func (s *Server) tokenIdentity(ctx context.Context, secret string) (Identity, error) {
	tok, _, err := s.Services.Tokens.Verify(ctx, secret)
	if err != nil {
		return Identity{}, err
	}
	if tok.ID == "" {
		return Identity{}, enclave.E(enclave.CodeUnauthenticated, "an API token is required")
	}
	return Identity{
		Principal:   enclave.Principal{ID: tok.PrincipalID, Role: tok.Role},
		DisplayName: tok.PrincipalID,
		TokenID:     tok.ID,
		Recheck: func(ctx context.Context) error {
			again, _, err := s.Services.Tokens.Verify(ctx, secret)
			if err == nil && again.ID != tok.ID {
				err = enclave.E(enclave.CodeUnauthenticated, "the token changed")
			}
			return err
		},
	}, nil
}
