package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// memberEvents returns the successful events of kind about project, oldest
// first.
func memberEvents(t *testing.T, s *site, kind audit.Kind, project string) []audit.Event {
	t.Helper()
	return s.env.Events(t, enclave.AuditFilter{Kind: string(kind), TargetID: project, Outcome: string(audit.OutcomeSuccess)})
}

// sameEvent wants the page's event and the API's, given the same reason,
// to differ only in the member named: the same kind, principal, role,
// target, outcome and decision, and the same body once the member is
// taken out of its detail.
func sameEvent(t *testing.T, page, api audit.Event, pageMember, apiMember string) {
	t.Helper()
	body := func(e audit.Event, member string) map[string]any {
		var b map[string]any
		if err := json.Unmarshal(e.Body, &b); err != nil {
			t.Fatal(err)
		}
		b["detail"] = strings.Replace(b["detail"].(string), member, "X", 1)
		return b
	}
	pb, ab := body(page, pageMember), body(api, apiMember)
	if page.Kind != api.Kind || page.Principal != api.Principal || page.Role != api.Role || page.TargetType != api.TargetType ||
		page.TargetID != api.TargetID || page.Outcome != api.Outcome || !reflect.DeepEqual(page.Decision, api.Decision) || !reflect.DeepEqual(pb, ab) {
		t.Errorf("the page's %s event (%s %s %s) %v differs from the API's (%s %s %s) %v",
			page.Kind, page.Principal, page.TargetID, page.Outcome, pb, api.Principal, api.TargetID, api.Outcome, ab)
	}
}

// TestOfficerManagesMembersOnPage: on the project's page an officer adds a
// researcher and removes a member, through the same service methods as the
// API's routes, audited as they audit them; a mistake is shown on the
// form, naming the problem; the governance policy's refusal shows its
// reason; other roles see no form and are refused as the routes refuse
// them.
func TestOfficerManagesMembersOnPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := t.Context()
	p, err := s.env.Projects.Create(ctx, st.GovA, s.draft())
	if err != nil {
		t.Fatal(err)
	}
	s.enrol(t, "web-researcher-2", enclave.RoleResearcher)
	s.enrol(t, "web-researcher-3", enclave.RoleResearcher)
	page, members := "/projects/"+p.ID, "/projects/"+p.ID+"/members"
	officer := s.signedIn(t, enclave.RoleGovernance)
	if resp, body := officer.get(page); resp.StatusCode != http.StatusOK || !strings.Contains(body, `<form method="post" action="`+members+`"`) ||
		!strings.Contains(body, `<label for="principal">Add a member</label>`) || !strings.Contains(body, `<label for="remove-reason-0">`) {
		t.Fatalf("the officer's project page has no members form: %d\n%s", resp.StatusCode, body)
	}

	resp, body := officer.post(members, url.Values{"principal": {"web-researcher-2"}, "reason": {"joins the analysis"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"#members" {
		t.Fatalf("add a member: %d to %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	apiSecret := s.secret[enclave.RoleGovernance]
	if resp, body := officer.do("POST", "/v1/projects/"+p.ID+"/members", strings.NewReader(`{"principal":"web-researcher-3","reason":"joins the analysis"}`),
		map[string]string{"Authorization": "Bearer " + apiSecret, "Content-Type": "application/json"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("the API's add: %d\n%s", resp.StatusCode, body)
	}
	added := memberEvents(t, s, audit.KindProjectMemberAdd, p.ID)
	if len(added) != 2 {
		t.Fatalf("%d member_add events, want the page's and the API's", len(added))
	}
	sameEvent(t, added[0], added[1], "web-researcher-2", "web-researcher-3")

	for _, tt := range []struct {
		name, principal, want string
		status                int
	}{
		{"not a principal id", "Not An Id", "member: principal id must be", http.StatusBadRequest},
		{"not a researcher", s.id[enclave.RoleAuditor], "member: web-auditor is not a researcher known to the enclave", http.StatusBadRequest},
		{"already a member", "web-researcher-2", "web-researcher-2 is already a member", http.StatusConflict},
	} {
		resp, body := officer.post(members, url.Values{"principal": {tt.principal}})
		if resp.StatusCode != tt.status || !strings.Contains(body, "The members were not changed: "+tt.want) ||
			!strings.Contains(body, `value="`+tt.principal+`" aria-describedby="principal-hint" required class="invalid"`) {
			t.Errorf("%s: %d, want %d with %q on the form and the value kept\n%s", tt.name, resp.StatusCode, tt.status, tt.want, body)
		}
	}

	resp, body = officer.post(members+"/web-researcher-2/remove", url.Values{"reason": {"left the team"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove a member: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := officer.do("DELETE", "/v1/projects/"+p.ID+"/members/web-researcher-3?reason=left+the+team", nil,
		map[string]string{"Authorization": "Bearer " + apiSecret}); resp.StatusCode != http.StatusOK {
		t.Fatalf("the API's remove: %d\n%s", resp.StatusCode, body)
	}
	removed := memberEvents(t, s, audit.KindProjectMemberRemove, p.ID)
	if len(removed) != 2 {
		t.Fatalf("%d member_remove events, want the page's and the API's", len(removed))
	}
	sameEvent(t, removed[0], removed[1], "web-researcher-2", "web-researcher-3")
	if resp, body := officer.post(members+"/web-researcher-2/remove", nil); resp.StatusCode != http.StatusNotFound ||
		!strings.Contains(body, "The members were not changed: web-researcher-2 is not a member of the project") {
		t.Errorf("remove one who is not a member: %d\n%s", resp.StatusCode, body)
	}
	got, err := s.env.Projects.Get(ctx, st.GovA, p.ID)
	if err != nil || slices.Contains(got.Members, "web-researcher-2") || slices.Contains(got.Members, "web-researcher-3") {
		t.Errorf("members after the changes: %v, %v", got.Members, err)
	}
	if h := got.History[len(got.History)-2]; h.Detail != "removed web-researcher-2" || h.Reason != "left the team" || h.Actor != s.id[enclave.RoleGovernance] {
		t.Errorf("the page's removal is in the history as %+v", h)
	}

	// The governance policy refuses a change to a closed project, with its
	// reason, and audits the refusal.
	if _, err := s.env.Projects.Transition(ctx, st.GovA, p.ID, "close", "withdrawn"); err != nil {
		t.Fatal(err)
	}
	if _, body := officer.get(page); strings.Contains(body, `action="`+members+`"`) {
		t.Errorf("a closed project's page offers the members form")
	}
	resp, body = officer.post(members, url.Values{"principal": {"web-researcher-2"}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "project.member_add is not allowed when the project is closed") {
		t.Errorf("add to a closed project: %d, want 403 with the policy's reason\n%s", resp.StatusCode, body)
	}
	if evs := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindProjectMemberAdd), TargetID: p.ID, Outcome: string(audit.OutcomeDenied)}); len(evs) != 1 {
		t.Errorf("%d refused additions audited, want 1", len(evs))
	}

	for _, role := range []enclave.Role{enclave.RoleResearcher, enclave.RoleAuditor} {
		b := s.signedIn(t, role)
		if _, body := b.get(page); strings.Contains(body, `action="`+members) {
			t.Errorf("a %s's project page offers the members form", role)
		}
		if resp, _ := b.post(members, url.Values{"principal": {"web-researcher-2"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a %s adding: %d, want 403", role, resp.StatusCode)
		}
		if resp, _ := b.post(members+"/"+s.id[enclave.RoleResearcher]+"/remove", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a %s removing: %d, want 403", role, resp.StatusCode)
		}
		for _, action := range []string{"POST /v1/projects/{projectID}/members", "DELETE /v1/projects/{projectID}/members/{principalID}"} {
			if !denied(t, s, s.id[role], action) {
				t.Errorf("a %s's attempt is not audited as the refusal of %s", role, action)
			}
		}
	}
	if n := len(memberEvents(t, s, audit.KindProjectMemberAdd, p.ID)) + len(memberEvents(t, s, audit.KindProjectMemberRemove, p.ID)); n != 4 {
		t.Errorf("%d member changes audited as done, want the 4 made", n)
	}
}
