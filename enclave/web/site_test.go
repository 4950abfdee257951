package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/httpapi"
	"github.com/research-enclave/enclave/enclave/web"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// site is the server as the binary serves it, the API with the web pages
// at /, over the services of a test database, with a token for a
// principal of each role (enrolled as every principal is).
type site struct {
	env    *st.Env
	srv    *httptest.Server
	secret map[enclave.Role]string
	id     map[enclave.Role]string
}

const idle = 30 * time.Minute

func newSite(t testing.TB) *site {
	t.Helper()
	env := st.New(t)
	// Errors (a template that fails, say) show in the test's output.
	errs := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	pages, err := web.New(web.Config{
		Services: env.Set, Catalogue: catalogueOf(env), TokenSignIn: true, SessionIdle: idle, Logger: errs, Now: env.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	h := httpapi.New(httpapi.Config{
		Tokens: env.Tokens, Audit: env.Audit, Access: env.Access, Catalogue: env.Files.Catalogue, Projects: env.Projects,
		Reviews: env.Reviews, History: env.History, OptOuts: env.OptOuts, Ingest: env.Loads, Answers: env.Answers,
		Logger: slog.New(slog.DiscardHandler), Registry: prometheus.NewRegistry(),
		MaxBodyBytes: 1 << 16, MaxUploadBytes: 1 << 20, RequestTimeout: 10 * time.Second, Web: pages,
	})
	s := &site{env: env, srv: httptest.NewServer(h), secret: map[enclave.Role]string{}, id: map[enclave.Role]string{}}
	t.Cleanup(s.srv.Close)
	for role, id := range map[enclave.Role]string{
		enclave.RoleResearcher: "web-researcher", enclave.RoleGovernance: "web-officer", enclave.RoleAuditor: "web-auditor",
		enclave.RoleOperator: "web-operator",
	} {
		s.secret[role], s.id[role] = s.enrol(t, id, role), id
	}
	return s
}

// enrol enrols principal id in role as every principal is (officers and
// auditors approved by a second officer) and returns its token.
func (s *site) enrol(t testing.TB, id string, role enclave.Role) string {
	t.Helper()
	ctx := context.Background()
	pending := role == enclave.RoleGovernance || role == enclave.RoleAuditor
	tok, err := s.env.Tokens.Issue(ctx, st.Otto, enclave.TokenRequest{PrincipalID: id, Role: role, TTL: 24 * time.Hour, Pending: pending})
	if err != nil {
		t.Fatal(err)
	}
	if pending {
		if _, err := s.env.Tokens.ApproveEnrolment(ctx, st.Vera, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	return tok.Secret
}

// signInAs is a browser signed in with token.
func (s *site) signInAs(t testing.TB, token string) *browser {
	b := s.browser(t)
	if resp, _ := b.post("/signin/token", url.Values{"token": {token}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d, want 303", resp.StatusCode)
	}
	return b
}

// browser is one user's browser: it keeps cookies and does not follow
// redirects, so that tests see them.
type browser struct {
	t    testing.TB
	site *site
	c    *http.Client
}

func (s *site) browser(t testing.TB) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, site: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signedIn is a browser signed in as role with its token.
func (s *site) signedIn(t testing.TB, role enclave.Role) *browser {
	b := s.browser(t)
	resp, _ := b.post("/signin/token", url.Values{"token": {s.secret[role]}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign in as %s: %d to %q, want 303 to /", role, resp.StatusCode, resp.Header.Get("Location"))
	}
	return b
}

// get fetches path and returns the response and its body.
func (b *browser) get(path string) (*http.Response, string) {
	return b.do("GET", path, nil, nil)
}

// post submits form to path from this site's own pages (as a browser says
// with Sec-Fetch-Site), with more headers if given.
func (b *browser) post(path string, form url.Values, headers ...string) (*http.Response, string) {
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	return b.do("POST", path, strings.NewReader(form.Encode()), h)
}

func (b *browser) do(method, path string, body io.Reader, headers map[string]string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.site.srv.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, string(out)
}

// draft is servicestest's project with the site's researcher a member.
func (s *site) draft() enclave.ProjectDraft {
	d := st.Draft()
	d.Members = append(d.Members, s.id[enclave.RoleResearcher])
	return d
}

// catalogueOf is the catalogue in force of env's services.
func catalogueOf(env *st.Env) func() *catalogue.Catalogue {
	return env.Files.Catalogue
}
