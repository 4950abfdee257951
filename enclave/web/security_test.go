package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

var wantHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
	"Referrer-Policy":         "no-referrer",
	"X-Content-Type-Options":  "nosniff",
}

// TestPageActionRefusedWithoutSessionOrCrossOrigin: running a query, or
// adding or removing a project's member, from a page without a session,
// or from another site, is refused before anything is asked or recorded,
// even for the role the action is for; an officer's attempt to run a
// query is refused and audited as the API audits it. No query is audited
// as answered, and no member change as made.
func TestPageActionRefusedWithoutSessionOrCrossOrigin(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	run := "/projects/" + project + "/query/run"
	form := url.Values{"sql": {bySex}}
	researcher := s.signedIn(t, enclave.RoleResearcher)
	officer := s.signedIn(t, enclave.RoleGovernance)
	s.enrol(t, "web-researcher-2", enclave.RoleResearcher)
	actions := []struct {
		path string
		form url.Values
		by   *browser // whom the action is for
	}{
		{run, form, researcher},
		{"/projects/" + project + "/members", url.Values{"principal": {"web-researcher-2"}}, officer},
		{"/projects/" + project + "/members/" + s.id[enclave.RoleResearcher] + "/remove", url.Values{}, officer},
	}
	before := len(s.env.Events(t, enclave.AuditFilter{}))
	for _, a := range actions {
		tests := []struct {
			name    string
			b       *browser
			headers []string
		}{
			{"no session", s.browser(t), nil},
			{"cross-site fetch", a.by, []string{"Sec-Fetch-Site", "cross-site"}},
			{"another origin", a.by, []string{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}},
		}
		for _, tt := range tests {
			resp, body := tt.b.post(a.path, a.form, tt.headers...)
			if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Nothing was done") {
				t.Errorf("%s %s: %d, want refused\n%s", tt.name, a.path, resp.StatusCode, body)
			}
			checkHeaders(t, tt.name, resp)
		}
	}
	// Nor can another site sign a browser in (login forgery) or out.
	for _, path := range []string{"/signin/token", "/signout"} {
		resp, _ := s.browser(t).post(path, url.Values{"token": {s.secret[enclave.RoleResearcher]}}, "Sec-Fetch-Site", "cross-site")
		if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 {
			t.Errorf("cross-site POST %s: %d, cookies %v; want 403 and no cookie", path, resp.StatusCode, resp.Cookies())
		}
	}
	if after := len(s.env.Events(t, enclave.AuditFilter{})); after != before {
		t.Errorf("%d events recorded by refused requests, want none", after-before)
	}

	if resp, _ := officer.post(run, form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an officer running a query: %d, want 403", resp.StatusCode)
	}
	if !denied(t, s, s.id[enclave.RoleGovernance], "POST /v1/projects/{projectID}/queries") {
		t.Error("the officer's attempt is not audited as the API route's refusal")
	}
	for _, kind := range []audit.Kind{audit.KindQueryRun, audit.KindProjectMemberAdd, audit.KindProjectMemberRemove} {
		if evs := s.env.Events(t, enclave.AuditFilter{Kind: string(kind), Outcome: string(audit.OutcomeSuccess)}); len(evs) != 0 {
			t.Errorf("%d %s events audited as done, want none", len(evs), kind)
		}
	}
}

// TestEveryPageIsSafe visits every page as each role: each response has
// the security headers, and no body holds an API token or a pseudonym.
func TestEveryPageIsSafe(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	anon := s.browser(t)
	pages := []string{"/signin", "/no-such-page", "/static/style.css", "/register"}
	for _, p := range pages {
		resp, body := anon.get(p)
		checkHeaders(t, p, resp)
		checkSecrets(t, s, p, body)
	}
	paths := []string{"/", "/catalogue", "/projects", "/projects/" + project, "/projects/" + project + "/query", "/reviews",
		"/audit/events", "/audit/events?kind=query.run", "/audit/events?principal=web-researcher", "/audit/events/1",
		"/audit/checkpoint", "/register", "/audit/summary", "/audit/summary?principal=web-researcher", "/optouts", "/loads", "/loads?id=1", "/tokens", "/history",
		"/projects/new", "/projects/" + project + "/edit"}
	researcher := s.signedIn(t, enclave.RoleResearcher)
	resp, _ := researcher.post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}})
	paths = append(paths, resp.Header.Get("Location"), resp.Header.Get("Location")+"/csv", resp.Header.Get("Location")+"/json")
	d := s.draft()
	d.OutputReview = true
	researcher.post("/projects/"+s.env.Approved(t, d).ID+"/query/run", url.Values{"sql": {bySex}})
	held, err := s.env.Reviews.List(t.Context(), actorOf(s.id[enclave.RoleGovernance], enclave.RoleGovernance), enclave.ResultHeld)
	if err != nil || len(held) != 1 {
		t.Fatalf("held answers %v, %v; want one", held, err)
	}
	paths = append(paths, "/reviews/"+held[0].ID, "/reviews/"+held[0].ID+"/answer")
	// The project form, as sent and as shown again with a mistake.
	mistaken := s.projectValues()
	mistaken.Set("threshold", "none")
	forms := map[string]url.Values{"/projects": s.projectValues(), "/projects/" + project + "/edit": mistaken}
	for _, role := range roles {
		b := researcher
		if role != enclave.RoleResearcher {
			b = s.signedIn(t, role)
		}
		for _, p := range paths {
			resp, body := b.get(p)
			checkHeaders(t, string(role)+" "+p, resp)
			checkSecrets(t, s, string(role)+" "+p, body)
		}
		for _, p := range []string{"/projects/" + project + "/query/check", "/projects/" + project + "/query/run"} {
			resp, body := b.post(p, url.Values{"sql": {bySex}})
			checkHeaders(t, string(role)+" POST "+p, resp)
			checkSecrets(t, s, string(role)+" POST "+p, body)
		}
		for p, form := range forms {
			resp, body := b.post(p, form)
			checkHeaders(t, string(role)+" POST "+p, resp)
			checkSecrets(t, s, string(role)+" POST "+p, body)
		}
	}
}

func checkHeaders(t *testing.T, name string, resp *http.Response) {
	t.Helper()
	for k, v := range wantHeaders {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s: %s = %q, want %q", name, k, got, v)
		}
	}
}

// pseudonymText matches a pseudonym in its text form (dev or production).
var pseudonymText = regexp.MustCompile(`\b(dev1|p1)\.[0-9a-f]{16,}`)

func checkSecrets(t *testing.T, s *site, name, body string) {
	t.Helper()
	for role, secret := range s.secret {
		if strings.Contains(body, secret) {
			t.Errorf("%s shows the %s's token", name, role)
		}
	}
	if strings.Contains(body, "enclave_") && regexp.MustCompile(`enclave_[A-Za-z0-9_-]{43}`).MatchString(body) {
		t.Errorf("%s shows an API token", name)
	}
	if m := pseudonymText.FindString(body); m != "" {
		t.Errorf("%s shows a pseudonym %s", name, m)
	}
}
