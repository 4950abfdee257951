package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/oidc"
)

// OIDC signs people in through an OpenID provider (enclave/oidc, and
// docs/signin.md). At /signin/oidc/ it begins a sign-in and sends the
// browser to the provider, keeping what the answer is checked against (the
// state, nonce and PKCE verifier) in server memory, under a cookie that
// lives for the sign-in. At /signin/oidc/callback it finishes it, and
// starts a session for the enrolled, active principal the provider names,
// in the one role its claims map to (Tokens.Enrolled).
type OIDC struct {
	Provider *oidc.Provider
	Tokens   *enclave.Tokens
	Secure   bool // the sign-in cookie is Secure on plain HTTP too (a TLS proxy in front)
	Logger   *slog.Logger
	Now      func() time.Time

	mu      sync.Mutex
	pending map[string]begun
}

type begun struct {
	oidc.Pending
	at time.Time
}

const (
	oidcCookie = "enclave_signin"
	// signInWithin bounds a sign-in, from leaving for the provider to
	// coming back.
	signInWithin = 10 * time.Minute
	// maxPending bounds the sign-ins under way, so that a flood of
	// beginnings cannot fill memory.
	maxPending = 10000
)

// Name is the path segment the sign-in is mounted under.
func (o *OIDC) Name() string { return "oidc" }

// Label is the sign-in page's link text.
func (o *OIDC) Label() string { return "Sign in with your organisation's account" }

// Handler serves the beginning ("/") and the callback ("/callback"),
// below the prefix the web mounts it under.
func (o *OIDC) Handler(start func(http.ResponseWriter, *http.Request, Identity)) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", o.begin)
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) { o.callback(w, r, start) })
	return mux
}

func (o *OIDC) begin(w http.ResponseWriter, r *http.Request) {
	to, pend, err := o.Provider.Begin()
	if err != nil {
		o.refuse(w, r, http.StatusInternalServerError, "The sign-in could not begin.", err)
		return
	}
	id := randomID(32)
	if err := o.keep(id, pend); err != nil {
		o.refuse(w, r, http.StatusServiceUnavailable, "Too many sign-ins are under way: try again in a few minutes.", err)
		return
	}
	// Lax, not Strict: the provider sends the browser back from its own
	// site, and the cookie must come with it.
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: id, Path: "/signin/oidc/", MaxAge: int(signInWithin / time.Second),
		HttpOnly: true, Secure: o.Secure || r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, to, http.StatusFound)
}

func (o *OIDC) callback(w http.ResponseWriter, r *http.Request, start func(http.ResponseWriter, *http.Request, Identity)) {
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Path: "/signin/oidc/", MaxAge: -1, HttpOnly: true, Secure: o.Secure || r.TLS != nil, SameSite: http.SameSiteLaxMode})
	c, err := r.Cookie(oidcCookie)
	pend, ok := begun{}, false
	if err == nil {
		pend, ok = o.take(c.Value)
	}
	if !ok {
		o.refuse(w, r, http.StatusBadRequest, "This sign-in was not begun in this browser, or took too long: start again.", nil)
		return
	}
	who, err := o.Provider.Finish(r.Context(), pend.Pending, r.URL.Query())
	if err != nil {
		o.refuse(w, r, http.StatusUnauthorized, "Your organisation's sign-in was not accepted: "+messageOf(err)+".", err)
		return
	}
	p, err := o.Tokens.Enrolled(r.Context(), who.Principal, who.Role)
	if err != nil {
		o.refuse(w, r, http.StatusForbidden, "You are signed in with your organisation, but here there is "+messageOf(err)+".", err)
		return
	}
	start(w, r, Identity{Principal: p, DisplayName: who.Name, Recheck: func(ctx context.Context) error {
		_, err := o.Tokens.Enrolled(ctx, p.ID, p.Role)
		return err
	}})
}

// keep holds pend under id until the callback takes it, or it expires.
func (o *OIDC) keep(id string, pend oidc.Pending) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.Now()
	if o.pending == nil {
		o.pending = map[string]begun{}
	}
	for k, b := range o.pending {
		if now.Sub(b.at) > signInWithin {
			delete(o.pending, k)
		}
	}
	if len(o.pending) >= maxPending {
		return enclave.E(enclave.CodeUnavailable, "too many sign-ins under way")
	}
	o.pending[id] = begun{pend, now}
	return nil
}

// take removes and returns the sign-in kept under id, if it has not
// expired: each can finish once.
func (o *OIDC) take(id string) (begun, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	b, ok := o.pending[id]
	delete(o.pending, id)
	return b, ok && o.Now().Sub(b.at) <= signInWithin
}

var refusedPage = template.Must(template.New("refused").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in refused</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main class="page"><h1>Sign-in refused</h1><p>{{.}}</p><p><a href="/signin">Back to sign in</a></p></main></body></html>
`))

// refuse answers a sign-in that cannot go on, with why in words the user
// can act on; the cause goes to the log, never a token.
func (o *OIDC) refuse(w http.ResponseWriter, r *http.Request, status int, msg string, cause error) {
	if cause != nil {
		o.Logger.Info("oidc sign-in refused", "status", status, "err", cause)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = refusedPage.Execute(w, msg)
}

// messageOf is what an error says to the person signing in: an enclave
// error's message, which names no token or claim value, or nothing more.
func messageOf(err error) string {
	var e *enclave.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "the sign-in failed"
}
