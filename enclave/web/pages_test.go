package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

var roles = []enclave.Role{enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator}

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
		{"/projects", "GET /v1/projects", "<h1>Projects</h1>", []enclave.Role{enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor}},
		{"/reviews", "GET /v1/reviews", "<h1>Held answers</h1>", []enclave.Role{enclave.RoleResearcher, enclave.RoleGovernance}},
		{"/projects/new", "POST /v1/projects", `<label for="title">Title</label>`, []enclave.Role{enclave.RoleGovernance}},
		{"/audit/events", "GET /v1/audit/events", `<label for="kind">Kind</label>`, []enclave.Role{enclave.RoleAuditor}},
		{"/audit/events?kind=token.create", "GET /v1/audit/events", "/audit/events/", []enclave.Role{enclave.RoleAuditor}},
		{"/audit/events/0", "GET /v1/audit/events", "Canonical record", []enclave.Role{enclave.RoleAuditor}},
		{"/audit/checkpoint", "GET /v1/audit/checkpoint", "enclave audit verify --key-file audit.vkey", []enclave.Role{enclave.RoleAuditor}},
		{"/register", "GET /v1/register", "<h1>Data use register</h1>", roles},
		{"/audit/summary", "GET /v1/audit/summary", "Queries by researcher", []enclave.Role{enclave.RoleAuditor}},
		{"/optouts", "GET /v1/optouts", "<th scope=\"row\">ndoo</th>", []enclave.Role{enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator}},
		{"/loads", "GET /v1/loads", "<h2>Every load</h2>", []enclave.Role{enclave.RoleGovernance, enclave.RoleOperator}},
		{"/tokens", "GET /v1/tokens", "<h1>Tokens</h1>", roles},
		{"/history", "GET /v1/questions", "<h1>Your questions</h1>", []enclave.Role{enclave.RoleResearcher, enclave.RoleAuditor}},
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

// TestAuditorSearchesEvents: the auditor's search by kind, principal and
// dates finds the event it records itself (a search of the log is audited
// before it runs), whose page shows its canonical record; a search with a
// wrong date is refused on the form.
func TestAuditorSearchesEvents(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.signedIn(t, enclave.RoleAuditor)
	resp, body := b.get("/audit/events?kind=audit.read&principal=web-auditor&since=2025-03-01&until=2025-03-01")
	evs := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindAuditRead), Principal: "web-auditor"})
	if len(evs) != 1 {
		t.Fatalf("%d audit.read events of web-auditor, want the search's", len(evs))
	}
	seq := strconv.FormatUint(evs[0].Seq, 10)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="/audit/events/`+seq+`"`) || strings.Count(body, `<tr><th scope="row">`) != 1 {
		t.Errorf("search: %d, want the one event %s\n%s", resp.StatusCode, seq, body)
	}
	if _, body := b.get("/audit/events?kind=audit.read&until=2025-02-28"); !strings.Contains(body, "No events match") {
		t.Errorf("search before the event: want none\n%s", body)
	}
	// The CLI's other filters: the actor's role, and any target.
	if _, body := b.get("/audit/events?kind=audit.read&role=auditor&principal=web-auditor"); !strings.Contains(body, `href="/audit/events/`+seq+`"`) {
		t.Errorf("search by role auditor: want event %s\n%s", seq, body)
	}
	if _, body := b.get("/audit/events?kind=audit.read&role=researcher&principal=web-auditor"); !strings.Contains(body, "No events match") {
		t.Errorf("search by role researcher: want none\n%s", body)
	}
	tokens := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindTokenCreate)})
	if len(tokens) == 0 {
		t.Fatal("no token.create events to search for")
	}
	tok := tokens[len(tokens)-1]
	if _, body := b.get("/audit/events?target_type=token&target_id=" + tok.TargetID); !strings.Contains(body, `href="/audit/events/`+strconv.FormatUint(tok.Seq, 10)+`"`) {
		t.Errorf("search by target token %s: want event %d\n%s", tok.TargetID, tok.Seq, body)
	}
	for _, bad := range []string{"?role=root", "?project=prj_x&target_type=token"} {
		if resp, _ := b.get("/audit/events" + bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("search %s: %d, want 400", bad, resp.StatusCode)
		}
	}
	resp, body = b.get("/audit/events/" + seq)
	canonical, _ := evs[0].Canonical()
	if resp.StatusCode != http.StatusOK || !strings.Contains(html.UnescapeString(body), string(canonical)) {
		t.Errorf("event page: %d, want the canonical record\n%s", resp.StatusCode, body)
	}
	resp, body = b.post("/audit/events/"+seq+"/proof", nil)
	var bundle audit.Bundle
	if err := json.Unmarshal([]byte(body), &bundle); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("proof download: %d %v\n%s", resp.StatusCode, err, body)
	}
	verifier, err := audit.ParseVerifierKey(s.env.Audit.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	if verdict, err := audit.CheckBundle(bundle, verifier); err != nil || bundle.Index != evs[0].Seq {
		t.Errorf("the downloaded proof of event %s does not verify offline: %v (%s)", seq, err, verdict)
	}
	if resp, body := b.get("/audit/events?since=yesterday"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "since must be a date") {
		t.Errorf("a wrong date: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := b.get("/audit/events/999999"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("no such event: %d, want 404", resp.StatusCode)
	}
}

// TestAPIKeepsItsPaths: mounted beside the web, the API still answers /v1
// and its probes, with its own 404; every other path is the web's.
func TestAPIKeepsItsPaths(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser(t)
	tests := []struct {
		path, contentType string
		status            int
	}{
		{"/livez", "application/json", http.StatusOK},
		{"/v1/no-such-route", "application/problem+json", http.StatusNotFound},
		{"/v1", "application/problem+json", http.StatusNotFound},
		{"/no-such-page", "text/html; charset=utf-8", http.StatusNotFound},
		{"/signin", "text/html; charset=utf-8", http.StatusOK},
	}
	for _, tt := range tests {
		resp, _ := b.get(tt.path)
		if resp.StatusCode != tt.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.contentType) {
			t.Errorf("%s: %d %s, want %d %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.contentType)
		}
	}
}

// TestCheckpointAndRegister: the auditor sees the latest signed checkpoint
// and the key that verifies it; the register lists an approved project.
func TestCheckpointAndRegister(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	auditor := s.signedIn(t, enclave.RoleAuditor)
	if _, body := auditor.get("/audit/checkpoint"); !strings.Contains(body, "No checkpoint has been signed yet") {
		t.Errorf("before the first checkpoint:\n%s", body)
	}
	signed, err := s.env.Audit.Checkpoint(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := auditor.get("/audit/checkpoint")
	if text := html.UnescapeString(body); resp.StatusCode != http.StatusOK || !strings.Contains(text, string(signed)) || !strings.Contains(text, s.env.Audit.VerifierKey) {
		t.Errorf("checkpoint page: %d, want the signed checkpoint and the key\n%s", resp.StatusCode, body)
	}
	p := s.env.Approved(t, s.draft())
	if _, body := s.signedIn(t, enclave.RoleGovernance).get("/register"); !strings.Contains(html.UnescapeString(body), p.Title) {
		t.Errorf("register: want the approved project\n%s", body)
	}
}
