package enclave

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// TokenPrefix starts every API token, so that secret scanners can find a
// token that leaked into a repository or a ticket.
const TokenPrefix = "enclave_"

const tokenSecretBytes = 32 // 256 bits of randomness

// Token is the stored description of an API token. The secret itself is shown
// once, at creation, and stored only as a SHA-256 hash.
type Token struct {
	ID          string     `json:"id"`
	PrincipalID string     `json:"principal_id"`
	Role        Role       `json:"role"`
	Description string     `json:"description"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by,omitempty"`
	ExpiresAt   time.Time  `json:"expires_at"`
	RevokedAt   *time.Time `json:"revoked_at,omitempty"`
	// ParentID is the token that minted this one for its own principal;
	// revoking it revokes this one (docs/governance.md, "Tokens").
	ParentID string `json:"parent_id,omitempty"`
	// RotatedFrom is the token this one replaced, revoked as it was made.
	RotatedFrom string `json:"rotated_from,omitempty"`
}

// Live reports whether t authenticates at now, as far as the token itself
// goes (its principal's enrolment aside).
func (t Token) Live(now time.Time) bool { return t.RevokedAt == nil && now.Before(t.ExpiresAt) }

// TokenHash is the SHA-256 of a full token string; only this is stored.
type TokenHash [sha256.Size]byte

// String keeps even the hash out of logs and messages.
func (TokenHash) String() string { return "[token hash]" }

// IssuedToken is a newly created token with its secret, which exists only in
// the response to the creator.
type IssuedToken struct {
	Token
	Secret string `json:"token"`
	// Enrolment is the state of a principal enrolled with this token:
	// pending until a governance officer approves it, when the token does
	// not authenticate yet. Empty for a principal that existed already.
	Enrolment EnrolmentState `json:"enrolment,omitempty"`
}

// newTokenSecret returns a fresh token id and secret from crypto/rand.
func newTokenSecret() (id, secret string, err error) {
	idBytes := make([]byte, 8)
	secretBytes := make([]byte, tokenSecretBytes)
	if _, err := rand.Read(idBytes); err != nil {
		return "", "", fmt.Errorf("token id: %w", err)
	}
	if _, err := rand.Read(secretBytes); err != nil {
		return "", "", fmt.Errorf("token secret: %w", err)
	}
	return "tok_" + hex.EncodeToString(idBytes), TokenPrefix + base64.RawURLEncoding.EncodeToString(secretBytes), nil
}

// ParseToken checks that s has the shape of an API token and returns its
// hash. The error never repeats the token.
func ParseToken(s string) (TokenHash, error) {
	body, ok := strings.CutPrefix(s, TokenPrefix)
	if !ok {
		return TokenHash{}, E(CodeUnauthenticated, "malformed API token")
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) != tokenSecretBytes {
		return TokenHash{}, E(CodeUnauthenticated, "malformed API token")
	}
	return sha256.Sum256([]byte(s)), nil
}

// AuthFailure says why a token did not authenticate. It is for metrics and
// the server log only: every failure looks the same to the client, so that
// nobody can learn whether a principal or token exists.
type AuthFailure string

// The reasons a token fails to authenticate.
const (
	AuthMissing   AuthFailure = "missing"
	AuthMalformed AuthFailure = "malformed"
	AuthUnknown   AuthFailure = "unknown"
	AuthExpired   AuthFailure = "expired"
	AuthRevoked   AuthFailure = "revoked"
	// AuthNotEnrolled: the principal's enrolment is pending or was refused.
	AuthNotEnrolled AuthFailure = "not_enrolled"
)

// TokenStore keeps principals and tokens.
type TokenStore interface {
	// CreateToken stores tok and appends ev in the same transaction. A
	// principal that does not exist yet is created with tok.Role and the
	// enrolment state given. It returns a CodeConflict error if the
	// principal exists with another role.
	CreateToken(ctx context.Context, tok Token, hash TokenHash, state EnrolmentState, ev audit.Event) error
	// BootstrapOperator stores tok for a new operator principal, with ev,
	// only if no operator exists yet, and reports whether it did.
	BootstrapOperator(ctx context.Context, tok Token, hash TokenHash, ev audit.Event) (bool, error)
	// BootstrapOfficers stores the first governance officers with their
	// tokens and events, only if no governance officer exists yet, and
	// reports whether it did. Only the owner role may: the store must be
	// connected as it.
	BootstrapOfficers(ctx context.Context, toks []Token, hashes []TokenHash, evs []audit.Event) (bool, error)
	// OperatorExists reports whether any operator principal exists.
	OperatorExists(ctx context.Context) (bool, error)
	// Authenticate returns the unexpired, unrevoked token with this hash
	// whose principal is enrolled, or the reason it failed.
	Authenticate(ctx context.Context, hash TokenHash, now time.Time) (Token, AuthFailure, error)
	// Tokens lists the tokens of principalID, or all tokens when it is "".
	Tokens(ctx context.Context, principalID string) ([]Token, error)
	// Token returns one token, or a CodeNotFound error.
	Token(ctx context.Context, id string) (Token, error)
	// RevokeTokens revokes the unrevoked tokens sel selects and, through
	// the database, every token they minted, transitively; record turns
	// what was revoked into the audit events appended in the same
	// transaction. Revoking a revoked token is a CodeConflict, an unknown
	// one CodeNotFound.
	RevokeTokens(ctx context.Context, sel TokenSelector, by string, at time.Time, record func(revoked []Token) []audit.Event) ([]Token, error)
	// RotateToken revokes old as RevokeTokens does and stores tok, which
	// replaces it, in the same transaction.
	RotateToken(ctx context.Context, old string, tok Token, hash TokenHash, at time.Time, record func(revoked []Token) []audit.Event) error
	// DecideEnrolment decides the pending enrolment of principal id: state
	// active or refused, by an officer, with a reason, and appends ev in
	// the same transaction. Tokens of a refused principal are revoked. A
	// principal not pending is a CodeConflict, an unknown one CodeNotFound.
	DecideEnrolment(ctx context.Context, id string, state EnrolmentState, by string, at time.Time, reason string, ev audit.Event) error
	// EnrolmentLinks returns who enrolled and who decided the enrolment of
	// every principal.
	EnrolmentLinks(ctx context.Context) (map[string]EnrolmentLink, error)
	// Principal returns one principal, and whether it exists.
	Principal(ctx context.Context, id string) (PrincipalInfo, bool, error)
	// Principals lists every principal, or those in state when it is not "".
	Principals(ctx context.Context, state EnrolmentState) ([]PrincipalInfo, error)
}

// TokenSelector names what RevokeTokens revokes: one token (ID), or every
// token of a principal (PrincipalID).
type TokenSelector struct {
	ID          string
	PrincipalID string
}
