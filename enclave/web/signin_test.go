package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/web"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// TestSignInWithToken: a good token starts a session in a strict cookie
// and shows the user's home; a bad one is refused, without a cookie and
// without showing the token back.
func TestSignInWithToken(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser(t)
	resp, _ := b.post("/signin/token", url.Values{"token": {s.secret[enclave.RoleResearcher]}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d, want 303", resp.StatusCode)
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies %v, want the session's", cookies)
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Secure || len(c.Value) != 43 {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Path=/, not Secure over plain HTTP, a 256-bit id", c)
	}
	if strings.Contains(c.Value, s.secret[enclave.RoleResearcher]) {
		t.Error("the cookie holds the token")
	}
	resp, body := b.get("/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Signed in as web-researcher (researcher)") || !strings.Contains(body, "Your projects") || !strings.Contains(body, `<a href="/catalogue">Catalogue</a>`) {
		t.Errorf("home: %d\n%s", resp.StatusCode, body)
	}

	for name, token := range map[string]string{
		"malformed": "not-a-token",
		"unknown":   "enclave_" + strings.Repeat("A", 43),
		"empty":     "",
	} {
		bad := s.browser(t)
		resp, body := bad.post("/signin/token", url.Values{"token": {token}})
		if resp.StatusCode != http.StatusUnauthorized || len(resp.Cookies()) != 0 || !strings.Contains(body, "was not accepted") {
			t.Errorf("%s token: %d, cookies %v; want 401, no cookie, the reason", name, resp.StatusCode, resp.Cookies())
		}
		if token != "" && strings.Contains(body, token) {
			t.Errorf("%s token: the page shows the token back", name)
		}
		if resp, _ := bad.get("/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
			t.Errorf("%s token: home %d to %q, want 303 to /signin", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// TestSignOut ends the session: its cookie is deleted and, replayed, no
// longer signs anyone in.
func TestSignOut(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.signedIn(t, enclave.RoleAuditor)
	u, _ := url.Parse(s.srv.URL)
	old := b.c.Jar.Cookies(u)
	resp, _ := b.post("/signout", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
		t.Fatalf("sign out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if cs := resp.Cookies(); len(cs) != 1 || cs[0].MaxAge >= 0 {
		t.Errorf("sign out cookies %v, want the session cookie deleted", cs)
	}
	replay := s.browser(t)
	replay.c.Jar.SetCookies(u, old)
	if resp, _ := replay.get("/audit/events"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
		t.Errorf("the signed-out session's cookie: %d to %q, want 303 to /signin", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestSessionIdleExpiry: a session used within the idle timeout lives on;
// one left unused for it has ended.
func TestSessionIdleExpiry(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.signedIn(t, enclave.RoleResearcher)
	for range 3 {
		s.env.Advance(idle - time.Minute)
		if resp, _ := b.get("/"); resp.StatusCode != http.StatusOK {
			t.Fatalf("used within the idle timeout: %d, want 200", resp.StatusCode)
		}
	}
	s.env.Advance(idle)
	if resp, _ := b.get("/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
		t.Errorf("after the idle timeout: %d to %q, want 303 to /signin", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestRevokedTokenEndsSession: the token signed in with is checked again
// on every request, so revoking it ends the session at once.
func TestRevokedTokenEndsSession(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.signedIn(t, enclave.RoleResearcher)
	if _, err := s.env.Tokens.RevokePrincipal(t.Context(), st.Otto, s.id[enclave.RoleResearcher]); err != nil {
		t.Fatal(err)
	}
	if resp, _ := b.get("/projects"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
		t.Errorf("after revocation: %d to %q, want 303 to /signin", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// plugIn is a SignIn that signs in whoever asks, as the identity it holds.
type plugIn struct{ who web.Identity }

func (p plugIn) Name() string  { return "test" }
func (p plugIn) Label() string { return "Sign in with the test provider" }
func (p plugIn) Handler(start func(http.ResponseWriter, *http.Request, web.Identity)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" {
			http.NotFound(w, r)
			return
		}
		start(w, r, p.who)
	})
}

// TestSignInPlugs: another way to sign in is linked from the sign-in page,
// served under its name, and starts a session with the identity it gives.
func TestSignInPlugs(t *testing.T) {
	t.Parallel()
	env := st.New(t)
	who := web.Identity{Principal: st.Auditor.Principal, DisplayName: "Ada Auditor"}
	h, err := web.New(web.Config{
		Services: env.Set, Catalogue: catalogueOf(env), SignIns: []web.SignIn{plugIn{who}}, SessionIdle: idle,
		Logger: slog.New(slog.DiscardHandler), Now: env.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{env: env, srv: httptest.NewServer(h)}
	t.Cleanup(s.srv.Close)
	b := s.browser(t)
	_, body := b.get("/signin")
	if !strings.Contains(body, `href="/signin/test/"`) || strings.Contains(body, `name="token"`) {
		t.Errorf("sign-in page: want the plug-in's link and no token form outside dev mode\n%s", body)
	}
	if resp, _ := b.post("/signin/token", url.Values{"token": {"x"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("token sign-in outside dev mode: %d, want 404", resp.StatusCode)
	}
	if resp, _ := b.get("/signin/test/callback"); resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
		t.Fatalf("plug-in callback: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	resp, body := b.get("/audit/events")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Signed in as Ada Auditor (auditor)") {
		t.Errorf("signed in through the plug-in: %d\n%s", resp.StatusCode, body)
	}
}
