package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/internal/browsertest"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// screenshots is where the journeys save their pages: docs/ui when
// ENCLAVE_UI_SCREENSHOTS=1 (to refresh the README's pictures), else a
// temporary directory, so that a test run leaves the tree as it was.
func screenshots(t *testing.T) string {
	if os.Getenv("ENCLAVE_UI_SCREENSHOTS") == "1" {
		return filepath.Join("..", "..", "docs", "ui")
	}
	return t.TempDir()
}

// TestJourneyResearcherRunsAQuery, in a real browser: a researcher signs in,
// checks a query, runs it, reads the answer's table, and downloads its CSV.
func TestJourneyResearcherRunsAQuery(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	ctx := browsertest.New(t)
	shots := screenshots(t)
	browsertest.Do(t, ctx, "sign in with the researcher's token",
		chromedp.Navigate(s.srv.URL+"/signin"),
		chromedp.SendKeys(chromedp.ID("token"), s.secret[enclave.RoleResearcher]),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/signout']")),
		chromedp.Navigate(s.srv.URL+"/projects/"+project+"/query"),
		chromedp.SendKeys(chromedp.ID("sql"), bySex),
		chromedp.Click(chromedp.CSS("button.secondary")),
		// The check's own section: the form is on the page before it too.
		chromedp.WaitVisible(chromedp.ID("preflight")),
	)
	if page := browsertest.Get(t, ctx, "read the check", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(page, "this query would be allowed") {
		t.Fatalf("the check page says:\n%s", page)
	}
	browsertest.Screenshot(t, ctx, shots, "researcher-check")
	browsertest.Do(t, ctx, "run it",
		chromedp.Click(chromedp.CSS("button[formaction$='/query/run']")),
		// The answer's download link: the check's page has a table too.
		chromedp.WaitVisible(chromedp.CSS("a[href$='/csv']")),
	)
	table := browsertest.Get(t, ctx, "read the answer", chromedp.Text(chromedp.CSS("table")))
	if !strings.Contains(table, "Answer to query sha256:") {
		t.Fatalf("the answer page's table:\n%s", table)
	}
	browsertest.Screenshot(t, ctx, shots, "researcher-answer")
	// The CSV link, fetched as the browser would download it, with the
	// session's cookie.
	csv := browsertest.Get(t, ctx, "download the CSV", chromedp.Evaluate[string](
		`fetch(document.querySelector("a[href$='/csv']").href).then(r => r.ok ? r.text() : "status " + r.status)`, chromedp.EvalAwaitPromise))
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) < 2 || !strings.Contains(lines[0], "sex") {
		t.Errorf("the CSV download:\n%s", csv)
	}
}

// TestJourneyOIDCSignInAndOut, in a real browser: an auditor signs in
// through the organisation's OpenID provider and signs out.
func TestJourneyOIDCSignInAndOut(t *testing.T) {
	t.Parallel()
	s := newOIDCSite(t)
	s.idp.QueueUser(&mockoidc.MockUser{Subject: st.Auditor.Principal.ID, PreferredUsername: "Ada Auditor", Groups: []string{"enclave-auditors"}})
	ctx := browsertest.New(t)
	shots := screenshots(t)
	browsertest.Do(t, ctx, "open the sign-in page", chromedp.Navigate(s.srv.URL+"/signin"), chromedp.WaitVisible(chromedp.CSS("a[href='/signin/oidc/']")))
	browsertest.Screenshot(t, ctx, shots, "signin")
	browsertest.Do(t, ctx, "sign in with the organisation's account",
		chromedp.Click(chromedp.CSS("a[href='/signin/oidc/']")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/signout']")),
	)
	if who := browsertest.Get(t, ctx, "read who is signed in", chromedp.Text(chromedp.CSS("header"))); !strings.Contains(who, "Ada Auditor") {
		t.Fatalf("signed in as:\n%s", who)
	}
	browsertest.Do(t, ctx, "open the audit events", chromedp.Navigate(s.srv.URL+"/audit/events"), chromedp.WaitVisible(chromedp.CSS("main")))
	browsertest.Screenshot(t, ctx, shots, "auditor-events")
	browsertest.Do(t, ctx, "sign out",
		chromedp.Click(chromedp.CSS("form[action='/signout'] button")),
		chromedp.WaitVisible(chromedp.CSS("a[href='/signin/oidc/']")),
		chromedp.Navigate(s.srv.URL+"/audit/events"),
		chromedp.WaitVisible(chromedp.CSS("a[href='/signin/oidc/']")),
	)
	if at := browsertest.Get(t, ctx, "where the browser is", chromedp.Location()); !strings.HasSuffix(at, "/signin") {
		t.Errorf("after signing out, the auditor's page led to %s", at)
	}
}
