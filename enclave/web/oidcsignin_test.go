package web_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/oidc"
	"github.com/research-enclave/enclave/enclave/web"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// oidcSite is the web over real services, signing in only through a real
// OpenID provider (mockoidc), whose groups claim gives the role.
type oidcSite struct {
	env *st.Env
	idp *mockoidc.MockOIDC
	srv *httptest.Server
}

func newOIDCSite(t *testing.T) *oidcSite {
	t.Helper()
	env := st.New(t)
	m, err := mockoidc.NewServer(nil)
	if err != nil {
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
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	c := m.Config()
	p, err := oidc.New(context.Background(), oidc.Config{
		Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: srv.URL + "/signin/oidc/callback",
		Scopes: []string{"profile", "groups"}, RoleClaim: "groups",
		Roles: map[string]enclave.Role{"enclave-auditors": enclave.RoleAuditor, "enclave-researchers": enclave.RoleResearcher},
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err = web.New(web.Config{
		Services: env.Set, Catalogue: catalogueOf(env), SessionIdle: idle, Logger: slog.New(slog.DiscardHandler), Now: env.Now,
		SignIns: []web.SignIn{&web.OIDC{Provider: p, Tokens: env.Tokens, Logger: slog.New(slog.DiscardHandler), Now: env.Now}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &oidcSite{env: env, idp: m, srv: srv}
}

// person is a browser that follows redirects, as a person's does.
func (s *oidcSite) person(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// signIn signs c in at the provider as user, following every redirect,
// and returns where it ended and what it read there.
func (s *oidcSite) signIn(t *testing.T, c *http.Client, user *mockoidc.MockUser) (int, string, string) {
	t.Helper()
	s.idp.QueueUser(user)
	return get(t, c, s.srv.URL+"/signin/oidc/")
}

func get(t *testing.T, c *http.Client, u string) (int, string, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, resp.Request.URL.Path, b.String()
}

// TestOIDCSignIn: an enrolled auditor signs in through the provider, in the
// role the provider's groups give, and signs out; the provider's word alone
// never makes a principal: an unknown id, or an enrolled one in another
// role, is refused and gets no session; a callback not begun in this
// browser, or used twice, is refused.
func TestOIDCSignIn(t *testing.T) {
	t.Parallel()
	s := newOIDCSite(t)
	ada := &mockoidc.MockUser{Subject: st.Auditor.Principal.ID, PreferredUsername: "Ada Auditor", Groups: []string{"staff", "enclave-auditors"}}
	c := s.person(t)
	status, path, body := s.signIn(t, c, ada)
	if status != http.StatusOK || path != "/" || !strings.Contains(body, "Ada Auditor") {
		t.Fatalf("sign in: %d at %s\n%s", status, path, body)
	}
	if status, _, body := get(t, c, s.srv.URL+"/audit/events"); status != http.StatusOK || !strings.Contains(body, "Signed in as Ada Auditor (auditor)") {
		t.Fatalf("the auditor's page after signing in: %d\n%s", status, body)
	}
	req, _ := http.NewRequest("POST", s.srv.URL+"/signout", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, path, _ := get(t, c, s.srv.URL+"/audit/events"); path != "/signin" {
		t.Errorf("after signing out, the auditor's page led to %s, want /signin", path)
	}

	for _, tc := range []struct {
		name string
		user *mockoidc.MockUser
		want string
	}{
		{"not enrolled here", &mockoidc.MockUser{Subject: "stranger", Groups: []string{"enclave-auditors"}}, "no enrolled, active principal"},
		{"enrolled in another role", &mockoidc.MockUser{Subject: st.Auditor.Principal.ID, Groups: []string{"enclave-researchers"}}, "no enrolled, active principal"},
		{"no role at the provider", &mockoidc.MockUser{Subject: st.Auditor.Principal.ID, Groups: []string{"staff"}}, "no value mapped to an enclave role"},
	} {
		c := s.person(t)
		status, _, body := s.signIn(t, c, tc.user)
		if status == http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("%s: signed in (%d)\n%s", tc.name, status, body)
		}
		if status, path, _ := get(t, c, s.srv.URL+"/audit/events"); status == http.StatusOK && path != "/signin" {
			t.Errorf("%s: a session was started", tc.name)
		}
	}

	// A callback this browser did not begin, and one used twice.
	if status, _, body := get(t, s.person(t), s.srv.URL+"/signin/oidc/callback?code=x&state=y"); status != http.StatusBadRequest || !strings.Contains(body, "start again") {
		t.Errorf("a callback not begun here: %d\n%s", status, body)
	}
	c = s.person(t)
	c.CheckRedirect = func(r *http.Request, _ []*http.Request) error {
		if r.URL.Path == "/signin/oidc/callback" {
			return http.ErrUseLastResponse
		}
		return nil
	}
	s.idp.QueueUser(ada)
	resp, err = c.Get(s.srv.URL + "/signin/oidc/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Path != "/signin/oidc/callback" {
		t.Fatalf("the provider sent the browser to %q", resp.Header.Get("Location"))
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	signInCookie := c.Jar.Cookies(back)
	if status, _, _ := get(t, c, back.String()); status != http.StatusSeeOther {
		t.Fatalf("the callback: %d, want 303 to the home page", status)
	}
	// Replayed with the sign-in's cookie, which the browser was told to
	// drop: the server has already used up what it kept.
	c.Jar.SetCookies(back, signInCookie)
	if status, _, body := get(t, c, back.String()); status != http.StatusBadRequest || !strings.Contains(body, "start again") {
		t.Errorf("the same callback again: %d\n%s", status, body)
	}
}
