package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// TestRegisterIsPublic: the register, public as GET /v1/register is, shows
// an approved project to a browser that has not signed in; every other
// page still sends that browser to sign in.
func TestRegisterIsPublic(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.env.Approved(t, s.draft())
	anon := s.browser(t)
	resp, body := anon.get("/register")
	if resp.StatusCode != http.StatusOK || !strings.Contains(html.UnescapeString(body), p.Title) || !strings.Contains(body, `<a class="who" href="/signin">Sign in</a>`) {
		t.Errorf("the register without signing in: %d, want the approved project and a way to sign in\n%s", resp.StatusCode, body)
	}
	if _, body := anon.get("/signin"); !strings.Contains(body, `href="/register"`) {
		t.Errorf("the sign-in page does not link to the register:\n%s", body)
	}
	for _, path := range []string{"/", "/projects", "/catalogue", "/reviews", "/audit/events", "/audit/summary", "/optouts", "/loads", "/tokens", "/history"} {
		if resp, _ := anon.get(path); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
			t.Errorf("%s without signing in: %d to %q, want 303 to /signin", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}
