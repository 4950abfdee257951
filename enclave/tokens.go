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
	// Parent is the token a principal mints this one with, for itself; ""
	// for a token an operator issues to enrol a principal.
	Parent string
	// Pending enrols a new principal pending a governance officer's
	// approval, as the policy's token.issue obligations say.
	Pending bool
}

// Tokens applies the rules for issuing and revoking API tokens and for
// enrolling principals over a store, recording each change in the audit log.
// Authorizer decides enrolments (principal.approve, principal.reject).
type Tokens struct {
	Store      TokenStore
	Audit      *Audit
	Authorizer Authorizer
	Now        func() time.Time
}

// Issue creates a token for req on behalf of actor and returns it with its
// secret, which is never stored. A token minted with another (req.Parent)
// keeps to the lineage's bounds (tokenlineage.go).
func (s *Tokens) Issue(ctx context.Context, actor Actor, req TokenRequest) (IssuedToken, error) {
	if err := ValidatePrincipalID(req.PrincipalID); err != nil {
		return IssuedToken{}, err
	}
	if _, err := ParseRole(string(req.Role)); err != nil {
		return IssuedToken{}, err
	}
	if len(req.Description) > 200 {
		return IssuedToken{}, E(CodeInvalid, "description must be at most 200 characters")
	}
	now := s.now()
	if req.Parent != "" {
		if err := s.checkMint(ctx, now, &req); err != nil {
			return IssuedToken{}, err
		}
	}
	if err := checkTTL(&req.TTL, MaxTokenTTL); err != nil {
		return IssuedToken{}, err
	}
	issued, hash, err := newToken(actor.Principal.ID, now, req)
	if err != nil {
		return IssuedToken{}, err
	}
	state, body := EnrolmentActive, tokenBody(issued.Token)
	if req.Pending {
		state, issued.Enrolment, body["enrolment"] = EnrolmentPending, EnrolmentPending, string(EnrolmentPending)
	}
	ev := s.Audit.Event(actor, audit.KindTokenCreate, "token", issued.ID, audit.OutcomeSuccess, nil, body)
	if err := s.Store.CreateToken(ctx, issued.Token, hash, state, ev); err != nil {
		return IssuedToken{}, err
	}
	return issued, nil
}

// checkTTL applies the default to a zero ttl and checks it against the
// bounds, the upper one limit.
func checkTTL(ttl *time.Duration, limit time.Duration) error {
	if *ttl == 0 {
		*ttl = min(DefaultTokenTTL, limit)
	}
	if *ttl < MinTokenTTL || *ttl > MaxTokenTTL {
		return E(CodeInvalid, fmt.Sprintf("ttl must be between %s and %s", MinTokenTTL, MaxTokenTTL))
	}
	return nil
}

// tokenBody is what the audit log keeps of a token: never its secret or hash.
func tokenBody(t Token) map[string]any {
	body := map[string]any{
		"principal": t.PrincipalID, "role": string(t.Role),
		"expires_at": t.ExpiresAt.UTC().Format(time.RFC3339),
	}
	if t.ParentID != "" {
		body["parent"] = t.ParentID
	}
	if t.RotatedFrom != "" {
		body["rotated_from"] = t.RotatedFrom
	}
	return body
}

func (s *Tokens) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// newToken makes a token for req, created by creator at now.
func newToken(creator string, now time.Time, req TokenRequest) (IssuedToken, TokenHash, error) {
	id, secret, err := newTokenSecret()
	if err != nil {
		return IssuedToken{}, TokenHash{}, Wrap(CodeInternal, "could not generate a token", err)
	}
	hash, err := ParseToken(secret)
	if err != nil {
		return IssuedToken{}, TokenHash{}, Wrap(CodeInternal, "generated token does not parse", err)
	}
	return IssuedToken{
		Token: Token{
			ID: id, PrincipalID: req.PrincipalID, Role: req.Role, Description: req.Description,
			CreatedAt: now, CreatedBy: creator, ExpiresAt: now.Add(req.TTL), ParentID: req.Parent,
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
	tok, failure, err := s.Verify(ctx, bearer)
	switch {
	case failure == AuthMissing:
		return Anonymous, AuthMissing, nil
	case err != nil || failure != "":
		return Principal{}, failure, err
	}
	return Principal{ID: tok.PrincipalID, Role: tok.Role}, "", nil
}

// Verify is Authenticate returning the token itself: the zero Token and
// AuthMissing without a bearer token.
func (s *Tokens) Verify(ctx context.Context, bearer string) (Token, AuthFailure, error) {
	if bearer == "" {
		return Token{}, AuthMissing, nil
	}
	hash, err := ParseToken(bearer)
	if err != nil {
		return Token{}, AuthMalformed, errUnauthenticated
	}
	tok, failure, err := s.Store.Authenticate(ctx, hash, s.Now())
	if err != nil {
		return Token{}, "", err
	}
	if failure != "" {
		return Token{}, failure, errUnauthenticated
	}
	return tok, "", nil
}

var errUnauthenticated = E(CodeUnauthenticated, "invalid, expired or revoked API token")

// Enrolled returns the principal id as role, if it is enrolled, active and
// holds that role: what a sign-in through an identity provider may act as.
// The provider's word alone never makes a principal, so enrolment's four
// eyes hold for those who sign in that way too. The refusal says nothing
// of whether id exists.
func (s *Tokens) Enrolled(ctx context.Context, id string, role Role) (Principal, error) {
	p, ok, err := s.Store.Principal(ctx, id)
	if err != nil {
		return Principal{}, err
	}
	if !ok || p.State != EnrolmentActive || p.Role != role {
		return Principal{}, E(CodeUnauthenticated, "no enrolled, active principal of that id and role: ask an operator to enrol you")
	}
	return Principal{ID: p.ID, Role: p.Role}, nil
}
