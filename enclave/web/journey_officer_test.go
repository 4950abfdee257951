package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/internal/browsertest"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// signInWith signs the browser in with an API token on the dev sign-in
// page, whoever was signed in before.
func signInWith(t *testing.T, ctx context.Context, s *site, token string) {
	t.Helper()
	browsertest.Do(t, ctx, "sign in",
		chromedp.Navigate(s.srv.URL+"/signin"),
		chromedp.SendKeys(chromedp.ID("token"), token),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/signout']")),
	)
}

// TestJourneyOfficersApproveProject, in a real browser: an officer
// creates a project on the form and submits it; their own approval is
// refused with the policy's reason; a second officer approves it.
func TestJourneyOfficersApproveProject(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	second := s.enrol(t, "web-officer-2", enclave.RoleGovernance)
	ctx := browsertest.New(t)
	shots := screenshots(t)
	signInWith(t, ctx, s, s.secret[enclave.RoleGovernance])
	fields := map[string]string{
		"title": "Alcohol and A&E waits", "purpose": "How alcohol-related attendances wait.", "lead": st.Lead.Principal.ID,
		"members": s.id[enclave.RoleResearcher], "legal_basis": "s251_standard", "start_date": "2025-01-01",
		"expiry_date": "2025-12-31", "scope": "patients: sex, year_of_birth\nae_attendances: alcohol_related, age_band",
	}
	fill := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(s.srv.URL + "/projects"),
		chromedp.Click(chromedp.CSS("a[href='/projects/new']")),
		chromedp.WaitVisible(chromedp.ID("scope")),
	}
	for id, v := range fields {
		fill = append(fill, chromedp.SetValue(chromedp.ID(id), v))
	}
	browsertest.Do(t, ctx, "fill in the new project", fill...)
	browsertest.Screenshot(t, ctx, shots, "officer-new-project")
	browsertest.Do(t, ctx, "create the draft and submit it",
		chromedp.Click(chromedp.CSS("main form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("button[formaction$='/submit']")),
		chromedp.Click(chromedp.CSS("button[formaction$='/submit']")),
		chromedp.WaitVisible(chromedp.CSS("button[formaction$='/approve']")),
	)
	project := browsertest.Get(t, ctx, "where the project is", chromedp.Location())
	browsertest.Screenshot(t, ctx, shots, "officer-project-submitted")
	browsertest.Do(t, ctx, "approve one's own project",
		chromedp.Click(chromedp.CSS("button[formaction$='/approve']")),
		chromedp.WaitVisible(chromedp.CSS("div.error")),
	)
	if page := browsertest.Get(t, ctx, "read the refusal", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(page, "an officer may not approve a project they created") {
		t.Fatalf("the own approval's page says:\n%s", page)
	}
	browsertest.Screenshot(t, ctx, shots, "officer-own-approval-refused")
	signInWith(t, ctx, s, second)
	browsertest.Do(t, ctx, "the second officer approves",
		chromedp.Navigate(project),
		chromedp.SetValue(chromedp.ID("reason"), "scope and legal basis checked"),
		chromedp.Click(chromedp.CSS("button[formaction$='/approve']")),
		chromedp.WaitVisible(chromedp.CSS("button[formaction$='/suspend']")),
	)
	if page := browsertest.Get(t, ctx, "read the project", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(page, "approved") || !strings.Contains(page, "web-officer-2") {
		t.Errorf("after the second approval the project's page says:\n%s", page)
	}
	browsertest.Screenshot(t, ctx, shots, "officer-project-approved")
}

// TestJourneyOfficersReleaseHeldAnswer, in a real browser: as many
// officers as the review policy requires approve a held answer on its
// page, and the researcher then sees it released, and its answer.
func TestJourneyOfficersReleaseHeldAnswer(t *testing.T) {
	t.Parallel()
	s, id := heldAnswer(t)
	officers := []string{s.secret[enclave.RoleGovernance], s.enrol(t, "web-officer-2", enclave.RoleGovernance)}
	if n := s.env.Reviews.Required; n != len(officers) {
		t.Fatalf("the policy requires %d approvals; the journey has %d officers", n, len(officers))
	}
	ctx := browsertest.New(t)
	shots := screenshots(t)
	for i, token := range officers {
		signInWith(t, ctx, s, token)
		browsertest.Do(t, ctx, "open the held answer", chromedp.Navigate(s.srv.URL+"/reviews"), chromedp.Click(chromedp.CSS("a[href='/reviews/"+id+"']")), chromedp.WaitVisible(chromedp.ID("reason")))
		if i == 0 {
			browsertest.Screenshot(t, ctx, shots, "officer-held-answer")
		}
		note := "checked by officer " + string(rune('1'+i))
		browsertest.Do(t, ctx, "approve it",
			chromedp.SetValue(chromedp.ID("reason"), note),
			chromedp.Click(chromedp.CSS("form[action$='/approve'] button:not(.secondary)")),
			chromedp.WaitVisible("//td[contains(., '"+note+"')]"),
		)
	}
	if state := browsertest.Get(t, ctx, "read its state", chromedp.Text(chromedp.CSS("span.state"))); state != "released" {
		t.Errorf("after %d approvals the held answer is %q, want released", len(officers), state)
	}
	signInWith(t, ctx, s, s.secret[enclave.RoleResearcher])
	browsertest.Do(t, ctx, "the researcher opens their held answers", chromedp.Navigate(s.srv.URL+"/reviews"), chromedp.WaitVisible(chromedp.CSS("a[href='/reviews/"+id+"']")))
	if row := browsertest.Get(t, ctx, "read the row", chromedp.Text(chromedp.CSS("tbody tr"))); !strings.Contains(row, "released") {
		t.Errorf("the researcher's held answers show:\n%s", row)
	}
	browsertest.Screenshot(t, ctx, shots, "researcher-held-answers")
	browsertest.Do(t, ctx, "the researcher opens the released answer",
		chromedp.Click(chromedp.CSS("a[href='/reviews/"+id+"']")),
		chromedp.Click(chromedp.CSS("a[href='/reviews/"+id+"/answer']")),
		// The answer's download link: the held answer's page has a table too.
		chromedp.WaitVisible(chromedp.CSS("a[href$='/csv']")),
	)
	if table := browsertest.Get(t, ctx, "read the answer", chromedp.Text(chromedp.CSS("table"))); !strings.Contains(table, "Answer to query sha256:") {
		t.Errorf("the released answer's table:\n%s", table)
	}
}
