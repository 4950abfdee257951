package enclave

import (
	"context"
	"fmt"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Token lifetimes. A token always expires; operators choose how soon within
// these bounds.
const (
	MinTokenTTL     = time.Minute
	MaxTokenTTL     = 366 * 24 * time.Hour
	DefaultTokenTTL = 30 * 24 * time.Hour
)

// TokenRequest asks for a new token for a principal.
type TokenRequest struct {
	PrincipalID string
	Role        Role
	TTL         time.Duration
	Description string
}

// Tokens applies the rules for issuing and revoking API tokens over a store,
// recording each change in the audit log.
type Tokens struct {
	Store TokenStore
	Audit *Audit
	Now   func() time.Time
}

// Issue creates a token for req on behalf of actor and returns it with its
// secret, which is never stored.
func (s *Tokens) Issue(ctx context.Context, actor Actor, req TokenRequest) (IssuedToken, error) {
	if err := ValidatePrincipalID(req.PrincipalID); err != nil {
		return IssuedToken{}, err
	}
	if _, err := ParseRole(string(req.Role)); err != nil {
		return IssuedToken{}, err
	}
	if req.TTL == 0 {
		req.TTL = DefaultTokenTTL
	}
	if req.TTL < MinTokenTTL || req.TTL > MaxTokenTTL {
		return IssuedToken{}, E(CodeInvalid, fmt.Sprintf("ttl must be between %s and %s", MinTokenTTL, MaxTokenTTL))
	}
	if len(req.Description) > 200 {
		return IssuedToken{}, E(CodeInvalid, "description must be at most 200 characters")
	}
	issued, hash, err := s.newToken(actor.Principal.ID, req)
	if err != nil {
		return IssuedToken{}, err
	}
	ev := s.Audit.Event(actor, audit.KindTokenCreate, "token", issued.ID, audit.OutcomeSuccess, nil, tokenBody(issued.Token))
	if err := s.Store.CreateToken(ctx, issued.Token, hash, ev); err != nil {
		return IssuedToken{}, err
	}
	return issued, nil
}

// tokenBody is what the audit log keeps of a token: never its secret or hash.
func tokenBody(t Token) map[string]any {
	return map[string]any{
		"principal": t.PrincipalID, "role": string(t.Role),
		"expires_at": t.ExpiresAt.UTC().Format(time.RFC3339),
	}
}

// Bootstrap creates the first operator token when no operator exists. secret
// may be a token the operator generated beforehand (read from a file); when it
// is empty a new one is made. It returns the issued token, or ok=false when an
// operator already exists.
func (s *Tokens) Bootstrap(ctx context.Context, principalID, secret string, ttl time.Duration) (issued IssuedToken, ok bool, err error) {
	if err := ValidatePrincipalID(principalID); err != nil {
		return IssuedToken{}, false, err
	}
	issued, hash, err := s.newToken("", TokenRequest{PrincipalID: principalID, Role: RoleOperator, TTL: ttl, Description: "bootstrap"})
	if err != nil {
		return IssuedToken{}, false, err
	}
	source := "generated"
	if secret != "" {
		if hash, err = ParseToken(secret); err != nil {
			return IssuedToken{}, false, E(CodeInvalid, "bootstrap token is not a well-formed enclave token (generate one with `enclave token generate`)")
		}
		issued.Secret, source = secret, "file"
	}
	body := tokenBody(issued.Token)
	body["source"] = source
	ev := s.Audit.Event(SystemActor, audit.KindTokenBootstrap, "token", issued.ID, audit.OutcomeSuccess, nil, body)
	ok, err = s.Store.BootstrapOperator(ctx, issued.Token, hash, ev)
	if err != nil || !ok {
		return IssuedToken{}, false, err
	}
	return issued, true, nil
}

func (s *Tokens) newToken(creator string, req TokenRequest) (IssuedToken, TokenHash, error) {
	id, secret, err := newTokenSecret()
	if err != nil {
		return IssuedToken{}, TokenHash{}, Wrap(CodeInternal, "could not generate a token", err)
	}
	hash, err := ParseToken(secret)
	if err != nil {
		return IssuedToken{}, TokenHash{}, Wrap(CodeInternal, "generated token does not parse", err)
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	return IssuedToken{
		Token: Token{
			ID: id, PrincipalID: req.PrincipalID, Role: req.Role, Description: req.Description,
			CreatedAt: now, CreatedBy: creator, ExpiresAt: now.Add(req.TTL),
		},
		Secret: secret,
	}, hash, nil
}

// GenerateTokenSecret returns a well-formed token secret that is not stored
// anywhere, for an operator to place in a bootstrap token file.
func GenerateTokenSecret() (string, error) {
	_, secret, err := newTokenSecret()
	return secret, err
}

// Authenticate turns a bearer token into a principal. The returned
// AuthFailure is for metrics and logs; the error shown to clients is always
// the same.
func (s *Tokens) Authenticate(ctx context.Context, bearer string) (Principal, AuthFailure, error) {
	if bearer == "" {
		return Anonymous, AuthMissing, nil
	}
	hash, err := ParseToken(bearer)
	if err != nil {
		return Principal{}, AuthMalformed, errUnauthenticated
	}
	p, failure, err := s.Store.Authenticate(ctx, hash, s.Now())
	if err != nil {
		return Principal{}, "", err
	}
	if failure != "" {
		return Principal{}, failure, errUnauthenticated
	}
	return p, "", nil
}

// Revoke revokes tok on behalf of actor. The caller has already checked,
// with the policy engine, that actor may revoke it; d is that decision.
func (s *Tokens) Revoke(ctx context.Context, actor Actor, tok Token, d *Decision) error {
	ev := s.Audit.Event(actor, audit.KindTokenRevoke, "token", tok.ID, audit.OutcomeSuccess, d, tokenBody(tok))
	return s.Store.RevokeToken(ctx, tok.ID, actor.Principal.ID, s.Now().UTC(), ev)
}

var errUnauthenticated = E(CodeUnauthenticated, "invalid, expired or revoked API token")
