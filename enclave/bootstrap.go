package enclave

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Bootstrap creates the first operator token when no operator exists. secret
// may be a token the operator generated beforehand (read from a file); when it
// is empty a new one is made. It returns the issued token, or ok=false when an
// operator already exists.
func (s *Tokens) Bootstrap(ctx context.Context, principalID, secret string, ttl time.Duration) (issued IssuedToken, ok bool, err error) {
	if err := ValidatePrincipalID(principalID); err != nil {
		return IssuedToken{}, false, err
	}
	issued, hash, err := newToken("", s.now(), TokenRequest{PrincipalID: principalID, Role: RoleOperator, TTL: ttl, Description: "bootstrap"})
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

// OfficerSeed is a first governance officer: its id and the hash of a token
// the officer generated and kept (`enclave token generate`, then `enclave
// token hash`), so that whoever bootstraps never holds an officer's token.
type OfficerSeed struct {
	ID   string
	Hash TokenHash
}

// BootstrapOfficers enrols the first governance officers, active without an
// approval (there is no officer yet to give one), each with a token of
// lifetime ttl whose secret only the officer has. It does nothing when a
// governance officer exists, and reports whether it enrolled them. The
// store must be connected as the database's owner role: the service role
// cannot enrol an officer without an approval.
func (s *Tokens) BootstrapOfficers(ctx context.Context, seeds []OfficerSeed, ttl time.Duration) (bool, error) {
	if len(seeds) == 0 {
		return false, E(CodeInvalid, "name at least one governance officer to bootstrap")
	}
	if err := checkTTL(&ttl, MaxTokenTTL); err != nil {
		return false, err
	}
	now := s.now()
	toks, hashes, evs := make([]Token, len(seeds)), make([]TokenHash, len(seeds)), make([]audit.Event, len(seeds))
	seen := map[string]bool{}
	for i, o := range seeds {
		if err := ValidatePrincipalID(o.ID); err != nil {
			return false, err
		}
		if seen[o.ID] {
			return false, E(CodeInvalid, "officer "+o.ID+" is named twice")
		}
		seen[o.ID] = true
		issued, _, err := newToken("", now, TokenRequest{PrincipalID: o.ID, Role: RoleGovernance, TTL: ttl, Description: "bootstrap"})
		if err != nil {
			return false, err
		}
		toks[i], hashes[i] = issued.Token, o.Hash
		body := tokenBody(issued.Token)
		body["source"] = "hash"
		evs[i] = s.Audit.Event(SystemActor, audit.KindTokenBootstrap, "token", issued.ID, audit.OutcomeSuccess, nil, body)
	}
	return s.Store.BootstrapOfficers(ctx, toks, hashes, evs)
}

// tokenHashPrefix starts the printed form of a token hash.
const tokenHashPrefix = "sha256:"

// TokenFingerprint returns the printed form of a token's hash, "sha256:"
// and 64 hex digits, which can be handed to whoever bootstraps the service
// without handing over the token.
func TokenFingerprint(secret string) (string, error) {
	hash, err := ParseToken(secret)
	if err != nil {
		return "", E(CodeInvalid, "not a well-formed enclave token (generate one with `enclave token generate`)")
	}
	return tokenHashPrefix + hex.EncodeToString(hash[:]), nil
}

// ParseTokenFingerprint reads the form TokenFingerprint prints.
func ParseTokenFingerprint(s string) (TokenHash, error) {
	var h TokenHash
	raw, err := hex.DecodeString(strings.TrimPrefix(s, tokenHashPrefix))
	if !strings.HasPrefix(s, tokenHashPrefix) || err != nil || len(raw) != len(h) {
		return h, E(CodeInvalid, fmt.Sprintf("a token hash is %s and 64 hex digits, as `enclave token hash` prints", tokenHashPrefix))
	}
	copy(h[:], raw)
	return h, nil
}
