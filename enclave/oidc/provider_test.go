package oidc

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/research-enclave/enclave/enclave"
)

// idp is a real OpenID provider (mockoidc) whose token endpoint a test can
// make misbehave: tamper rewrites the ID token it issues.
type idp struct {
	*mockoidc.MockOIDC
	mu     sync.Mutex
	tamper func(t *testing.T, claims jwt.MapClaims, kid string) string
	t      *testing.T
}

func newIDP(t *testing.T) *idp {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &idp{MockOIDC: m, t: t}
	if err := m.AddMiddleware(p.rewrite); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return p
}

// rewrite hands the token endpoint's ID token to tamper, if one is set.
func (p *idp) rewrite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		tamper := p.tamper
		p.mu.Unlock()
		if tamper == nil || r.URL.Path != mockoidc.TokenEndpoint {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			p.t.Errorf("token response: %v", err)
			return
		}
		claims := jwt.MapClaims{}
		if _, _, err := jwt.NewParser().ParseUnverified(body["id_token"].(string), claims); err != nil {
			p.t.Errorf("id token: %v", err)
			return
		}
		kid, _ := p.Keypair.KeyID()
		body["id_token"] = tamper(p.t, claims, kid)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	})
}

func (p *idp) setTamper(f func(t *testing.T, claims jwt.MapClaims, kid string) string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = f
}

// resign signs claims with the provider's own key.
func (p *idp) resign(t *testing.T, claims jwt.MapClaims, _ string) string {
	s, err := p.Keypair.SignJWT(claims)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (p *idp) config() Config {
	c := p.Config()
	return Config{
		Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret,
		RedirectURL: "https://enclave.test/signin/callback", Scopes: []string{"profile", "groups"},
		RoleClaim: "groups", Roles: map[string]enclave.Role{"enclave-researchers": enclave.RoleResearcher, "enclave-officers": enclave.RoleGovernance},
	}
}

// signIn runs a sign-in as user through the provider, as a browser would,
// and returns what Finish makes of it.
func signIn(t *testing.T, p *Provider, m *idp, user *mockoidc.MockUser) (Identity, error) {
	t.Helper()
	m.QueueUser(user)
	authURL, pend, err := p.Begin()
	if err != nil {
		t.Fatal(err)
	}
	return follow(t, p, authURL, pend)
}

// follow sends the browser to authURL and brings the provider's answer
// back to Finish with pend.
func follow(t *testing.T, p *Provider, authURL string, pend Pending) (Identity, error) {
	t.Helper()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Host != "enclave.test" {
		t.Fatalf("the provider sent the browser to %q (%d), not the redirect URL", resp.Header.Get("Location"), resp.StatusCode)
	}
	return p.Finish(context.Background(), pend, back.Query())
}

var rita = &mockoidc.MockUser{Subject: "rita.r", PreferredUsername: "Rita Researcher", Groups: []string{"staff", "enclave-researchers"}}

// TestSignIn: the code flow with PKCE against a real provider yields the
// principal and the one role its claims map to.
func TestSignIn(t *testing.T) {
	t.Parallel()
	m := newIDP(t)
	p, err := New(context.Background(), m.config())
	if err != nil {
		t.Fatal(err)
	}
	got, err := signIn(t, p, m, rita)
	if err != nil || got != (Identity{Principal: "rita.r", Role: enclave.RoleResearcher, Name: "Rita Researcher"}) {
		t.Fatalf("sign in: %+v, %v", got, err)
	}
	authURL, _, err := p.Begin()
	if err != nil {
		t.Fatal(err)
	}
	q, _ := url.Parse(authURL)
	if q.Query().Get("code_challenge_method") != "S256" || q.Query().Get("code_challenge") == "" || q.Query().Get("nonce") == "" {
		t.Errorf("the authorisation URL asks for no S256 challenge or nonce: %s", authURL)
	}
}

// TestSignInRefusals: a token for another audience, an expired one, one
// with a bad signature or another sign-in's nonce, a state that does not
// match, a wrong PKCE verifier, a provider's error, and claims that name no
// valid principal or not exactly one role are all refused, as
// unauthenticated, without echoing a token.
func TestSignInRefusals(t *testing.T) {
	m := newIDP(t)
	p, err := New(context.Background(), m.config())
	if err != nil {
		t.Fatal(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, claims jwt.MapClaims, kid string) string
		pend   func(Pending) Pending
		user   *mockoidc.MockUser
		expire bool
		want   string
	}{
		{name: "wrong audience", want: "does not verify", tamper: func(t *testing.T, c jwt.MapClaims, kid string) string {
			c["aud"] = "someone-else"
			return m.resign(t, c, kid)
		}},
		{name: "expired", want: "does not verify", expire: true},
		{name: "bad signature", want: "does not verify", tamper: func(t *testing.T, c jwt.MapClaims, kid string) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
			tok.Header["kid"] = kid // the provider's key id, another key
			s, err := tok.SignedString(other)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{name: "another issuer", want: "does not verify", tamper: func(t *testing.T, c jwt.MapClaims, kid string) string {
			c["iss"] = "https://idp.example"
			return m.resign(t, c, kid)
		}},
		{name: "another sign-in's nonce", want: "nonce", tamper: func(t *testing.T, c jwt.MapClaims, kid string) string {
			c["nonce"] = "replayed"
			return m.resign(t, c, kid)
		}},
		{name: "state does not match", want: "state", pend: func(p Pending) Pending { p.State = "forged"; return p }},
		{name: "wrong PKCE verifier", want: "would not exchange", pend: func(p Pending) Pending { p.Verifier += "x"; return p }},
		{name: "no role", want: "no value mapped", user: &mockoidc.MockUser{Subject: "nobody", Groups: []string{"staff"}}},
		{name: "two roles", want: "more than one enclave role", user: &mockoidc.MockUser{Subject: "both", Groups: []string{"enclave-researchers", "enclave-officers"}}},
		{name: "not a principal id", want: "not a principal id", user: &mockoidc.MockUser{Subject: "Rita@Example.org", Groups: []string{"enclave-researchers"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m.setTamper(tc.tamper)
			defer m.setTamper(nil)
			if tc.expire {
				m.FastForward(-2 * time.Hour)
				defer m.FastForward(2 * time.Hour)
			}
			user := tc.user
			if user == nil {
				user = rita
			}
			m.QueueUser(user)
			authURL, pend, err := p.Begin()
			if err != nil {
				t.Fatal(err)
			}
			if tc.pend != nil {
				pend = tc.pend(pend)
			}
			got, err := follow(t, p, authURL, pend)
			var ee *enclave.Error
			if err == nil || enclave.ErrorCode(err) != enclave.CodeUnauthenticated || !errors.As(err, &ee) || !strings.Contains(ee.Message, tc.want) {
				t.Fatalf("signed in as %+v (%v); want refused, saying %q", got, err, tc.want)
			}
			if strings.Contains(ee.Message, "eyJ") {
				t.Errorf("the refusal shows a token: %s", ee.Message)
			}
		})
	}
	// The provider's own refusal is passed on by its code alone.
	_, err = p.Finish(context.Background(), Pending{State: "s"}, url.Values{"error": {"access_denied<script>"}, "state": {"s"}})
	if enclave.ErrorCode(err) != enclave.CodeUnauthenticated || !strings.Contains(err.Error(), "(access_denied") || strings.Contains(err.Error(), "<script>") {
		t.Errorf("a provider's error: %v", err)
	}
}

// TestConfigProblems: a configuration that cannot work is refused before
// any discovery, naming every problem.
func TestConfigProblems(t *testing.T) {
	t.Parallel()
	_, err := New(context.Background(), Config{RedirectURL: "/relative", Roles: map[string]enclave.Role{"x": "root", "y": enclave.RoleAnonymous}})
	for _, want := range []string{"issuer is required", "client id is required", "role claim is required", "redirect URL must be absolute", `"x"`, `"y"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config problems %v, want %q", err, want)
		}
	}
	if _, err := New(context.Background(), Config{Issuer: "x", ClientID: "c", RedirectURL: "https://e/cb", RoleClaim: "groups"}); err == nil || !strings.Contains(err.Error(), "no role mapping") {
		t.Errorf("no role mapping: %v", err)
	}
}

func TestParseRoles(t *testing.T) {
	t.Parallel()
	got, err := ParseRoles(" enclave-researchers = researcher,cis2:R8000=governance ")
	if err != nil || len(got) != 2 || got["enclave-researchers"] != enclave.RoleResearcher || got["cis2:R8000"] != enclave.RoleGovernance {
		t.Errorf("ParseRoles: %v %v", got, err)
	}
	for _, bad := range []string{"", "x", "=researcher", "x=root", "x=anonymous", "x=researcher,x=auditor"} {
		if m, err := ParseRoles(bad); err == nil {
			t.Errorf("ParseRoles(%q) = %v, want an error", bad, m)
		}
	}
}
