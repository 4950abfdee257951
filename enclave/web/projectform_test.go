package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// projectValues is the project form filled in as servicestest's draft.
func (s *site) projectValues() url.Values {
	return url.Values{
		"title": {"Alcohol and A&E waits"}, "purpose": {"How alcohol-related attendances wait."},
		"lead": {st.Lead.Principal.ID}, "members": {s.id[enclave.RoleResearcher]}, "legal_basis": {"s251_standard"},
		"start_date": {"2025-01-01"}, "expiry_date": {"2025-12-31"},
		"scope":     {"patients: sex, year_of_birth\nae_attendances: alcohol_related, age_band"},
		"threshold": {"10"}, "rounding": {"5"}, "output_review": {"yes"},
	}
}

// TestOfficerCreatesProjectOnPage: an officer's form creates the draft the
// API would, audited as project.create; a form with mistakes is shown
// again with each problem beside its field, and creates nothing.
func TestOfficerCreatesProjectOnPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	officer := s.signedIn(t, enclave.RoleGovernance)
	if resp, body := officer.get("/projects/new"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `<label for="scope">Scope</label>`) {
		t.Fatalf("the new project form: %d\n%s", resp.StatusCode, body)
	}
	bad := s.projectValues()
	bad.Set("threshold", "ten")
	bad.Set("scope", "patients sex")
	resp, body := officer.post("/projects", bad)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<a href="#threshold">`) ||
		!strings.Contains(body, `<a href="#scope">`) || !strings.Contains(body, `value="Alcohol and A&amp;E waits"`) {
		t.Errorf("a form with mistakes: %d, want 400 with them by field and the values kept\n%s", resp.StatusCode, body)
	}
	bad = s.projectValues()
	bad.Set("scope", "no_such_dataset: x")
	if resp, body := officer.post("/projects", bad); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, `Error: scope: dataset &#34;no_such_dataset&#34; is not in the catalogue`) {
		t.Errorf("a scope the service refuses: %d, want 400 with the message by the scope\n%s", resp.StatusCode, body)
	}
	if evs := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindProjectCreate)}); len(evs) != 0 {
		t.Fatalf("%d projects created from forms with mistakes, want none", len(evs))
	}
	resp, body = officer.post("/projects", s.projectValues())
	at := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(at, "/projects/") {
		t.Fatalf("create: %d to %q, want 303 to the project\n%s", resp.StatusCode, at, body)
	}
	p, err := s.env.Projects.Get(t.Context(), actorOf(s.id[enclave.RoleGovernance], enclave.RoleGovernance), strings.TrimPrefix(at, "/projects/"))
	if err != nil || p.State != "draft" || p.CreatedBy != s.id[enclave.RoleGovernance] || !p.OutputReview || len(p.Scope["ae_attendances"]) != 2 {
		t.Errorf("the created project %+v, %v", p, err)
	}
	for _, role := range []enclave.Role{enclave.RoleResearcher, enclave.RoleAuditor} {
		b := s.signedIn(t, role)
		if resp, _ := b.get("/projects/new"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a %s's new project form: %d, want 403", role, resp.StatusCode)
		}
		if resp, _ := b.post("/projects", s.projectValues()); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a %s creating: %d, want 403", role, resp.StatusCode)
		}
		if !denied(t, s, s.id[role], "POST /v1/projects") {
			t.Errorf("a %s creating is not audited as the API route's refusal", role)
		}
	}
	if resp, _ := officer.post("/projects", s.projectValues(), "Sec-Fetch-Site", "cross-site"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a create from another site: %d, want 403", resp.StatusCode)
	}
	if evs := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindProjectCreate)}); len(evs) != 1 {
		t.Errorf("%d projects created, want the officer's one", len(evs))
	}
}

// TestOfficerChangesApprovedProject: an officer changes an approved
// project on its form (PATCH's action, Projects.Update); it goes back for
// approval, and its page shows the four-eyes state and what changed since
// it was approved, edit by edit and value by value (the approved value and
// the one now). Other roles are refused as the route refuses them.
func TestOfficerChangesApprovedProject(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.env.Approved(t, s.draft())
	officer := s.signedIn(t, enclave.RoleGovernance)
	resp, body := officer.get("/projects/" + p.ID + "/edit")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="`+p.Title+`"`) {
		t.Fatalf("the edit form: %d\n%s", resp.StatusCode, body)
	}
	form := s.projectValues()
	form.Set("title", "A better title")
	form.Set("reason", "the title was unclear")
	form.Set("scope", "patients: sex, year_of_birth\nae_attendances: alcohol_related, age_band, arrival_date")
	form.Set("expiry_date", "2026-03-31")
	form.Set("purpose", p.Purpose)
	form.Set("lead", p.Lead)
	form.Del("output_review")
	if resp, body := officer.post("/projects/"+p.ID+"/edit", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the change: %d\n%s", resp.StatusCode, body)
	}
	_, body = officer.get("/projects/" + p.ID)
	for _, want := range []string{
		"What changed since the last approval", "changed title, expiry_date, scope", "the title was unclear",
		"Approvals of this submission: 0 of 1 required. Still needed: 1,",
		// Value by value: the old value and the new.
		`<th scope="col">Field</th><th scope="col">As approved</th><th scope="col">Now</th>`,
		`<th scope="row">Title</th><td>Childhood obesity in Leeds</td><td>A better title</td>`,
		`<th scope="row">Expiry date</th><td>2025-12-31</td><td>2026-03-31</td>`,
		`<th scope="row">Columns of ae_attendances</th><td>age_band, alcohol_related, arrival_date, wait_minutes</td><td>age_band, alcohol_related, arrival_date<br>Removed: wait_minutes</td>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the project's page after the change lacks %q:\n%s", want, body)
		}
	}
	if resp, body := officer.post("/projects/"+p.ID+"/edit", form); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "the update changes nothing") {
		t.Errorf("a change that changes nothing: %d, want 400 on the form\n%s", resp.StatusCode, body)
	}
	for _, role := range []enclave.Role{enclave.RoleResearcher, enclave.RoleAuditor} {
		if resp, _ := s.signedIn(t, role).post("/projects/"+p.ID+"/edit", form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a %s changing: %d, want 403", role, resp.StatusCode)
		}
		if !denied(t, s, s.id[role], "PATCH /v1/projects/{projectID}") {
			t.Errorf("a %s changing is not audited as the API route's refusal", role)
		}
	}
	if evs := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindProjectUpdate), Outcome: string(audit.OutcomeSuccess)}); len(evs) != 1 {
		t.Errorf("%d updates audited, want the officer's one", len(evs))
	}
}
