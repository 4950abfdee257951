// Package oidc signs people in with OpenID Connect: the authorisation code
// flow with PKCE (RFC 7636), a state and a nonce, and the ID token verified
// against the provider's published keys, issuer, audience and expiry
// (coreos/go-oidc). Who the person is, and which one role they hold, come
// from claims the deployment names (Config), so an NHS organisation can use
// its own identity provider (NHS CIS2 is one) and manage roles there.
//
// An Identity is what the provider asserts, not yet a principal of the
// enclave: the web layer signs in only an enrolled, active principal with
// that id and that role, so enrolment's four eyes (docs/governance.md) hold
// for people who sign in this way too. Nothing here logs or returns a token.
package oidc
