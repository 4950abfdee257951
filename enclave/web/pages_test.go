package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

var roles = []enclave.Role{enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor}

// TestPagesByRole: each page shows for the roles its API route allows and,
// for the others, is a 403 page audited as the API audits the refusal
// (access.denied, the route's action as the target).
func TestPagesByRole(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tests := []struct {
		path, action, want string
		allowed            []enclave.Role
	}{
		{"/catalogue", "GET /v1/catalogue", "Columns of patients", []enclave.Role{enclave.RoleResearcher, enclave.RoleGovernance}},
		{"/projects", "GET /v1/projects", "<h1>Projects</h1>", roles},
		{"/reviews", "GET /v1/reviews", "<h1>Held answers</h1>", []enclave.Role{enclave.RoleResearcher, enclave.RoleGovernance}},
		{"/audit/events", "GET /v1/audit/events", `<label for="kind">Kind</label>`, []enclave.Role{enclave.RoleAuditor}},
		{"/audit/events?kind=token.create", "GET /v1/audit/events", "/audit/events/", []enclave.Role{enclave.RoleAuditor}},
		{"/audit/events/0", "GET /v1/audit/events", "Canonical record", []enclave.Role{enclave.RoleAuditor}},
	}
	for _, role := range roles {
		b := s.signedIn(t, role)
		for _, tt := range tests {
			resp, body := b.get(tt.path)
			if slices.Contains(tt.allowed, role) {
				if resp.StatusCode != http.StatusOK || !strings.Contains(body, tt.want) {
					t.Errorf("%s as %s: %d, want 200 with %q\n%s", tt.path, role, resp.StatusCode, tt.want, body)
				}
				continue
			}
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Not allowed") {
				t.Errorf("%s as %s: %d, want the 403 page\n%s", tt.path, role, resp.StatusCode, body)
			}
			if !denied(t, s, s.id[role], tt.action) {
				t.Errorf("%s as %s: no access.denied event for %q", tt.path, role, tt.action)
			}
		}
	}
}

// denied reports whether principal's refusal of action is in the log.
func denied(t *testing.T, s *site, principal, action string) bool {
	t.Helper()
	evs := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindAccessDenied), Principal: principal})
	return slices.ContainsFunc(evs, func(e audit.Event) bool {
		return e.TargetID == action && e.Outcome == audit.OutcomeDenied
	})
}

// TestOfficerSeesProjectsAwaitingDecision: a submitted project heads the
// officer's list; its page shows its scope.
func TestOfficerSeesProjectsAwaitingDecision(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := t.Context()
	p, err := s.env.Projects.Create(ctx, st.GovA, s.draft())
	if err == nil {
		_, err = s.env.Projects.Transition(ctx, st.GovA, p.ID, "submit", "")
	}
	if err != nil {
		t.Fatal(err)
	}
	b := s.signedIn(t, enclave.RoleGovernance)
	_, body := b.get("/projects")
	awaiting, _, _ := strings.Cut(body, "Every project")
	if !strings.Contains(awaiting, "/projects/"+p.ID) || !strings.Contains(awaiting, "submitted") {
		t.Errorf("the project is not awaiting a decision:\n%s", body)
	}
	resp, body := b.get("/projects/" + p.ID)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<th scope=\"row\">ae_attendances</th>") {
		t.Errorf("project page: %d\n%s", resp.StatusCode, body)
	}
}
