package enclave

import "context"

// The token actions a client asks for: each is decided by the policy on
// the token or principal it acts on, and a refusal is audited.

// Create issues the token req asks for on behalf of actor, if the policy
// (token.issue) allows it for whom the token is for: a new principal, an
// existing one, or actor itself. The policy's obligations, not req, say how
// the token is minted: with actor's token as its parent, or enrolling a new
// principal pending approval (mint).
func (s *Tokens) Create(ctx context.Context, actor Actor, req TokenRequest) (IssuedToken, error) {
	role, err := ParseRole(string(req.Role))
	if err != nil {
		return IssuedToken{}, err
	}
	if err := ValidatePrincipalID(req.PrincipalID); err != nil {
		return IssuedToken{}, err
	}
	_, exists, err := s.Store.Principal(ctx, req.PrincipalID)
	if err != nil {
		return IssuedToken{}, err
	}
	in := PolicyInput{Principal: actor.Principal, Action: "token.issue",
		Resource: TokenIssueResource{PrincipalID: req.PrincipalID, PrincipalExists: exists, Role: role}}
	d, err := authorize(ctx, s.Authorizer, s.Audit, actor, in)
	if err != nil {
		return IssuedToken{}, err
	}
	return s.mint(ctx, actor, TokenRequest{PrincipalID: req.PrincipalID, Role: role, TTL: req.TTL, Description: req.Description}, d)
}

// List lists actor's own tokens or, when the policy lets actor see every
// token (token.list_all), those of principal ("" for everyone's). A policy
// that cannot decide shows actor its own.
func (s *Tokens) List(ctx context.Context, actor Actor, principal string) ([]Token, error) {
	owner := actor.Principal.ID
	d, err := s.Authorizer.Decide(ctx, PolicyInput{Principal: actor.Principal, Action: "token.list_all"})
	if err == nil && d.Allow {
		owner = principal
	}
	return s.Store.Tokens(ctx, owner)
}

// Revoke revokes token id on behalf of actor, if the policy (token.revoke)
// lets actor revoke its owner's tokens, and with it every token it minted,
// transitively. It returns the tokens revoked.
func (s *Tokens) Revoke(ctx context.Context, actor Actor, id string) ([]Token, error) {
	tok, err := s.Store.Token(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.decideRevoke(ctx, actor, tok.PrincipalID)
	if err != nil {
		return nil, err
	}
	return s.Store.RevokeTokens(ctx, TokenSelector{ID: tok.ID}, actor.Principal.ID, s.now(), s.revocationEvents(actor, &d, tok.ID, "", ""))
}

// RevokePrincipal revokes every live token of principal id on behalf of
// actor, as Revoke does one token.
func (s *Tokens) RevokePrincipal(ctx context.Context, actor Actor, id string) ([]Token, error) {
	if err := ValidatePrincipalID(id); err != nil {
		return nil, err
	}
	d, err := s.decideRevoke(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.Store.RevokeTokens(ctx, TokenSelector{PrincipalID: id}, actor.Principal.ID, s.now(), s.revocationEvents(actor, &d, "", "principal", id))
}

// decideRevoke asks the policy whether actor may revoke the tokens of
// owner.
func (s *Tokens) decideRevoke(ctx context.Context, actor Actor, owner string) (Decision, error) {
	in := PolicyInput{Principal: actor.Principal, Action: "token.revoke", Resource: TokenOwnerResource{OwnerID: owner}}
	return authorize(ctx, s.Authorizer, s.Audit, actor, in)
}

// Principals lists every principal and its enrolment, or those in state
// when it is not "".
func (s *Tokens) Principals(ctx context.Context, state EnrolmentState) ([]PrincipalInfo, error) {
	return s.Store.Principals(ctx, state)
}
