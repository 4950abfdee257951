package enclave

import (
	"context"
	"fmt"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// MaxMintedTokens is how many live tokens minted by other tokens a principal
// may hold at once. The database holds the same bound
// (migrations/014_enrolment_and_token_lineage.sql).
const MaxMintedTokens = 5

// issueObligations are the obligations of an allowed token.issue
// (authz.rego): how the token is minted.
type issueObligations struct {
	Mint             string `json:"mint"`
	ApprovalRequired bool   `json:"approval_required"`
}

// mint issues req on behalf of actor as decision d, an allowed token.issue,
// says: a child of the token actor's request came with, or the first token
// of a new principal, enrolled pending when the policy requires an
// officer's approval.
func (s *Tokens) mint(ctx context.Context, actor Actor, req TokenRequest, d Decision) (IssuedToken, error) {
	var o issueObligations
	if err := decodeObligations(d, &o); err != nil {
		return IssuedToken{}, err
	}
	switch o.Mint {
	case "child":
		if actor.Token == "" {
			return IssuedToken{}, E(CodeInvalid, "a token is minted only with the token of the request")
		}
		req.Parent = actor.Token
	case "enrol":
		req.Pending = o.ApprovalRequired
	default:
		return IssuedToken{}, E(CodeInternal, "the policy allowed token.issue without saying how to mint the token")
	}
	return s.Issue(ctx, actor, req)
}

// checkMint checks that req, a token minted with token req.Parent for its
// own principal, keeps to the lineage's bounds: it never outlives its
// parent, and the principal holds fewer than MaxMintedTokens live minted
// tokens. A zero TTL becomes the default, cut to the parent's remaining life.
func (s *Tokens) checkMint(ctx context.Context, now time.Time, req *TokenRequest) error {
	parent, err := s.Store.Token(ctx, req.Parent)
	if err != nil {
		return err
	}
	if parent.PrincipalID != req.PrincipalID {
		return E(CodeForbidden, "a token mints tokens for its own principal only")
	}
	if !parent.Live(now) {
		return E(CodeConflict, "the token used is revoked or expired, and mints nothing")
	}
	left := parent.ExpiresAt.Sub(now)
	if left < MinTokenTTL {
		return E(CodeConflict, fmt.Sprintf("the token used expires in under %s, too soon to mint another: rotate it ('enclave token rotate')", MinTokenTTL))
	}
	if req.TTL == 0 {
		req.TTL = min(DefaultTokenTTL, left)
	}
	if req.TTL > left {
		return E(CodeInvalid, fmt.Sprintf("ttl: a minted token never outlives the token that mints it, which expires at %s: at most %s here; to renew, rotate the token ('enclave token rotate')",
			parent.ExpiresAt.UTC().Format(time.RFC3339), left.Truncate(time.Second)))
	}
	toks, err := s.Store.Tokens(ctx, req.PrincipalID)
	if err != nil {
		return err
	}
	live := 0
	for _, t := range toks {
		if t.ParentID != "" && t.Live(now) {
			live++
		}
	}
	if live >= MaxMintedTokens {
		return E(CodeConflict, fmt.Sprintf("%s holds %d live minted tokens, the most allowed: revoke one first", req.PrincipalID, live))
	}
	return nil
}

// Rotate replaces the token actor's request came with by a new one for the
// same principal, with ttl (0: the default) and description, and revokes the
// old one, with every token it minted, in the same transaction. This is how
// a principal renews: a replacement stays in its token's lineage, so a
// minted token's replacement never outlives its parent either.
func (s *Tokens) Rotate(ctx context.Context, actor Actor, ttl time.Duration, description string) (IssuedToken, error) {
	if actor.Token == "" {
		return IssuedToken{}, E(CodeInvalid, "only the token a request authenticated with can be rotated")
	}
	if len(description) > 200 {
		return IssuedToken{}, E(CodeInvalid, "description must be at most 200 characters")
	}
	old, err := s.Store.Token(ctx, actor.Token)
	if err != nil {
		return IssuedToken{}, err
	}
	if description == "" {
		description = old.Description
	}
	now := s.now()
	limit := MaxTokenTTL
	if old.ParentID != "" {
		parent, err := s.Store.Token(ctx, old.ParentID)
		if err != nil {
			return IssuedToken{}, err
		}
		if limit = parent.ExpiresAt.Sub(now); ttl > limit {
			return IssuedToken{}, E(CodeInvalid, fmt.Sprintf("ttl: this token was minted by %s, which expires at %s: its replacement lives at most %s",
				parent.ID, parent.ExpiresAt.UTC().Format(time.RFC3339), limit.Truncate(time.Second)))
		}
	}
	if err := checkTTL(&ttl, limit); err != nil {
		return IssuedToken{}, err
	}
	req := TokenRequest{PrincipalID: old.PrincipalID, Role: old.Role, TTL: ttl, Description: description, Parent: old.ParentID}
	issued, hash, err := newToken(actor.Principal.ID, now, req)
	if err != nil {
		return IssuedToken{}, err
	}
	issued.RotatedFrom = old.ID
	err = s.Store.RotateToken(ctx, old.ID, issued.Token, hash, now, func(revoked []Token) []audit.Event {
		evs := []audit.Event{s.Audit.Event(actor, audit.KindTokenCreate, "token", issued.ID, audit.OutcomeSuccess, nil, tokenBody(issued.Token))}
		return append(evs, s.revocationEvents(actor, nil, old.ID, "rotated_to", issued.ID)(revoked)...)
	})
	if err != nil {
		return IssuedToken{}, err
	}
	return issued, nil
}

// revocationEvents records each revoked token, saying for each revoked
// because another was (minted_by: its parent) unless it is target, and the
// field key: value given, if any.
func (s *Tokens) revocationEvents(actor Actor, d *Decision, target, key, value string) func([]Token) []audit.Event {
	return func(revoked []Token) []audit.Event {
		evs := make([]audit.Event, 0, len(revoked))
		for _, t := range revoked {
			body := tokenBody(t)
			if target != "" && t.ID != target {
				body["cascade_from"] = target
			} else if key != "" {
				body[key] = value
			}
			evs = append(evs, s.Audit.Event(actor, audit.KindTokenRevoke, "token", t.ID, audit.OutcomeSuccess, d, body))
		}
		return evs
	}
}
