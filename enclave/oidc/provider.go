package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/url"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/research-enclave/enclave/enclave"
)

// Identity is who the provider says signed in: a principal id and the one
// enclave role its claims map to, and a name to show.
type Identity struct {
	Principal string
	Role      enclave.Role
	Name      string
}

// Provider runs sign-ins against one OpenID provider.
type Provider struct {
	cfg      Config
	oauth    oauth2.Config
	verifier *gooidc.IDTokenVerifier
}

// New reads the provider's discovery document and keys (at cfg.Issuer) and
// returns a Provider, or every problem with cfg.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	op, err := gooidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discovery at %s: %w", cfg.Issuer, err)
	}
	return &Provider{
		cfg: cfg,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: op.Endpoint(), Scopes: cfg.scopes()},
		verifier: op.Verifier(&gooidc.Config{ClientID: cfg.ClientID}),
	}, nil
}

// Pending is what a sign-in keeps between Begin and Finish, on the
// enclave's side only (the web layer holds it server-side, under a cookie
// that lives for the sign-in): the state and nonce the provider must echo,
// and the PKCE verifier, whose hash alone the provider saw.
type Pending struct {
	State, Nonce, Verifier string
}

// Begin starts a sign-in: the URL to send the browser to, and what Finish
// needs to check the provider's answer.
func (p *Provider) Begin() (string, Pending, error) {
	state, err := random()
	if err != nil {
		return "", Pending{}, err
	}
	nonce, err := random()
	if err != nil {
		return "", Pending{}, err
	}
	pend := Pending{State: state, Nonce: nonce, Verifier: oauth2.GenerateVerifier()}
	u := p.oauth.AuthCodeURL(state, gooidc.Nonce(nonce), oauth2.S256ChallengeOption(pend.Verifier))
	return u, pend, nil
}

// Finish completes the sign-in pend began, from the query the provider
// sent the browser back with: it checks the state, exchanges the code with
// the PKCE verifier, verifies the ID token (signature, issuer, audience,
// expiry, nonce) and maps its claims to an Identity. Every refusal is an
// *enclave.Error with code unauthenticated, saying why without echoing a
// token or a claim's value.
func (p *Provider) Finish(ctx context.Context, pend Pending, callback url.Values) (Identity, error) {
	if e := callback.Get("error"); e != "" {
		return Identity{}, refused("the identity provider refused the sign-in (" + safeCode(e) + ")")
	}
	if pend.State == "" || subtle.ConstantTimeCompare([]byte(callback.Get("state")), []byte(pend.State)) != 1 {
		return Identity{}, refused("the sign-in's state does not match the one this browser began with: start again")
	}
	code := callback.Get("code")
	if code == "" {
		return Identity{}, refused("the identity provider sent no code")
	}
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(pend.Verifier))
	if err != nil {
		return Identity{}, refusedBy("the identity provider would not exchange the code", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return Identity{}, refused("the identity provider sent no ID token")
	}
	idt, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, refusedBy("the ID token does not verify", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(pend.Nonce)) != 1 {
		return Identity{}, refused("the ID token's nonce is not this sign-in's")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, refusedBy("the ID token's claims cannot be read", err)
	}
	return p.cfg.identity(claims)
}

// random is 256 bits from crypto/rand, base64url.
func random() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func refused(msg string) error {
	return enclave.E(enclave.CodeUnauthenticated, msg)
}

// refusedBy is refused, with err kept for the log but not the message.
func refusedBy(msg string, err error) error {
	return enclave.Wrap(enclave.CodeUnauthenticated, msg, err)
}

// safeCode keeps an OAuth error code's allowed characters (RFC 6749
// §4.1.2.1), so a page can show it.
func safeCode(s string) string {
	out := []rune{}
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || r == '_' {
			out = append(out, r)
		}
		if len(out) == 40 {
			break
		}
	}
	return string(out)
}
