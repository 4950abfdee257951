package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// TestOfficersDecideProject: an officer submits a project they created on
// its page; their own approval is refused and audited as the API audits
// it (four eyes); a second officer's approval on the page is taken.
func TestOfficersDecideProject(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	creator := s.id[enclave.RoleGovernance]
	p, err := s.env.Projects.Create(t.Context(), actorOf(creator, enclave.RoleGovernance), s.draft())
	if err != nil {
		t.Fatal(err)
	}
	officer := s.signedIn(t, enclave.RoleGovernance)
	if _, body := officer.get("/projects/" + p.ID); !strings.Contains(body, `formaction="/projects/`+p.ID+`/submit"`) {
		t.Errorf("a draft's page does not offer submit:\n%s", body)
	}
	if resp, _ := officer.post("/projects/"+p.ID+"/submit", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d, want 303", resp.StatusCode)
	}
	resp, body := officer.post("/projects/"+p.ID+"/approve", nil)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Not allowed") {
		t.Errorf("approving one's own project: %d, want the 403 page\n%s", resp.StatusCode, body)
	}
	refused := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindProjectApprove), Principal: creator, Outcome: string(audit.OutcomeDenied)})
	if len(refused) != 1 || refused[0].TargetID != p.ID {
		t.Errorf("the refusal's events %+v, want one project.approve denied", refused)
	}
	for _, role := range []enclave.Role{enclave.RoleResearcher, enclave.RoleAuditor} {
		if resp, _ := s.signedIn(t, role).post("/projects/"+p.ID+"/approve", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a %s approving: %d, want 403", role, resp.StatusCode)
		}
		if !denied(t, s, s.id[role], "POST /v1/projects/{projectID}/{transition}") {
			t.Errorf("a %s approving is not audited as the API route's refusal", role)
		}
	}
	second := s.signInAs(t, s.enrol(t, "web-officer-2", enclave.RoleGovernance))
	if resp, _ := second.post("/projects/"+p.ID+"/approve", url.Values{"reason": {"scope and basis checked"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the second officer's approval: %d, want 303", resp.StatusCode)
	}
	if got, err := s.env.Projects.Get(t.Context(), actorOf(creator, enclave.RoleGovernance), p.ID); err != nil || got.State != "approved" {
		t.Errorf("after the second officer's approval: state %q, %v; want approved", got.State, err)
	}
}

// TestOfficersReleaseHeldAnswer: two officers approve a held answer on the
// reviews page; the researcher then sees it released, and its answer,
// which they could not see before.
func TestOfficersReleaseHeldAnswer(t *testing.T) {
	t.Parallel()
	s, id := heldAnswer(t)
	researcher := s.signedIn(t, enclave.RoleResearcher)
	if resp, _ := researcher.get("/reviews/" + id + "/answer"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the researcher's answer before release: %d, want 404", resp.StatusCode)
	}
	for _, b := range []*browser{s.signedIn(t, enclave.RoleGovernance), s.signInAs(t, s.enrol(t, "web-officer-2", enclave.RoleGovernance))} {
		_, body := b.get("/reviews")
		if !strings.Contains(body, `action="/reviews/`+id+`/approve"`) {
			t.Fatalf("the officer's reviews page offers no approval of %s:\n%s", id, body)
		}
		if resp, body := b.post("/reviews/"+id+"/approve", url.Values{"reason": {"safe to release"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%s", resp.StatusCode, body)
		}
	}
	if _, body := researcher.get("/reviews"); !strings.Contains(body, ">released<") {
		t.Errorf("the researcher's held answers do not show it released:\n%s", body)
	}
	resp, _ := researcher.get("/reviews/" + id + "/answer")
	if at := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !answerPath.MatchString(at) {
		t.Fatalf("the released answer: %d to %q, want 303 to the answer kept in the session", resp.StatusCode, at)
	} else if _, body := researcher.get(at); !strings.Contains(body, "Answer to query sha256:") {
		t.Errorf("the released answer's page:\n%s", body)
	}
}

func actorOf(id string, role enclave.Role) enclave.Actor {
	return enclave.Actor{Principal: enclave.Principal{ID: id, Role: role}, RequestID: "req-test"}
}
