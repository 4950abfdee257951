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
}

// TokenHash is the SHA-256 of a full token string; only this is stored.
type TokenHash [sha256.Size]byte

// String keeps even the hash out of logs and messages.
func (TokenHash) String() string { return "[token hash]" }

// IssuedToken is a newly created token with its secret, which exists only in
// the response to the creator.
type IssuedToken struct {
	Token
	Secret string `json:"token"`
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
)

// TokenStore keeps principals and tokens.
type TokenStore interface {
	// CreateToken stores tok (whose principal is created with tok.Role if it
	// does not exist yet) and appends ev in the same transaction. It returns
	// a CodeConflict error if the principal exists with another role.
	CreateToken(ctx context.Context, tok Token, hash TokenHash, ev audit.Event) error
	// BootstrapOperator stores tok for a new operator principal, with ev,
	// only if no operator exists yet, and reports whether it did.
	BootstrapOperator(ctx context.Context, tok Token, hash TokenHash, ev audit.Event) (bool, error)
	// OperatorExists reports whether any operator principal exists.
	OperatorExists(ctx context.Context) (bool, error)
	// Authenticate returns the principal of an unexpired, unrevoked token
	// with this hash, or the reason it failed.
	Authenticate(ctx context.Context, hash TokenHash, now time.Time) (Principal, AuthFailure, error)
	// Tokens lists the tokens of principalID, or all tokens when it is "".
	Tokens(ctx context.Context, principalID string) ([]Token, error)
	// Token returns one token, or a CodeNotFound error.
	Token(ctx context.Context, id string) (Token, error)
	// RevokeToken marks a token revoked and appends ev in the same
	// transaction; revoking twice is a CodeConflict.
	RevokeToken(ctx context.Context, id, by string, at time.Time, ev audit.Event) error
	// Principal returns one principal, and whether it exists.
	Principal(ctx context.Context, id string) (PrincipalInfo, bool, error)
	// Principals lists every principal.
	Principals(ctx context.Context) ([]PrincipalInfo, error)
}

// PrincipalInfo describes a stored principal.
type PrincipalInfo struct {
	ID        string    `json:"id"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by,omitempty"`
}
