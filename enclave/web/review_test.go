package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// heldAnswer is a site with a project whose answers are held for review,
// and the id of one held answer its researcher asked for.
func heldAnswer(t *testing.T) (*site, string) {
	t.Helper()
	s := newSite(t)
	s.env.LoadSynthetic(t, 2000)
	d := s.draft()
	d.OutputReview = true
	project := s.env.Approved(t, d).ID
	if resp, body := s.signedIn(t, enclave.RoleResearcher).post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}}); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("run: %d, want 202 (held)\n%s", resp.StatusCode, body)
	}
	held, err := s.env.Reviews.List(t.Context(), actorOf(s.id[enclave.RoleGovernance], enclave.RoleGovernance), enclave.ResultHeld)
	if err != nil || len(held) != 1 {
		t.Fatalf("held answers %v, %v; want one", held, err)
	}
	return s, held[0].ID
}

// TestHeldAnswerPage: an officer's page of a held answer shows its cells
// by rule, why it is held and its approvals, and takes a decision that
// comes back to it; the requester sees it without the decision; an
// auditor is refused as GET /v1/reviews/{resultID} refuses them.
func TestHeldAnswerPage(t *testing.T) {
	t.Parallel()
	s, id := heldAnswer(t)
	officer := s.signedIn(t, enclave.RoleGovernance)
	resp, body := officer.get("/reviews/" + id)
	for _, want := range []string{"Its cells after disclosure control", "Why it is held", "0 of 2 required", `action="/reviews/` + id + `/approve"`, `formaction="/reviews/` + id + `/reject"`} {
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("the officer's page of the held answer: %d, lacks %q", resp.StatusCode, want)
		}
	}
	resp, _ = officer.post("/reviews/"+id+"/approve", url.Values{"reason": {"safe to release"}})
	if at := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || at != "/reviews/"+id {
		t.Fatalf("approve: %d to %q, want 303 back to the held answer", resp.StatusCode, at)
	}
	if _, body := officer.get("/reviews/" + id); !strings.Contains(body, "1 of 2 required") || !strings.Contains(body, "safe to release") {
		t.Errorf("after one approval the page shows:\n%s", body)
	}
	resp, body = s.signedIn(t, enclave.RoleResearcher).get("/reviews/" + id)
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "/approve") || !strings.Contains(body, "Why it is held") {
		t.Errorf("the requester's page of the held answer: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := s.signedIn(t, enclave.RoleAuditor).get("/reviews/" + id); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an auditor's page of a held answer: %d, want 403", resp.StatusCode)
	}
	if !denied(t, s, s.id[enclave.RoleAuditor], "GET /v1/reviews/{resultID}") {
		t.Error("the auditor's read is not audited as the API route's refusal")
	}
	other := s.signInAs(t, s.enrol(t, "web-researcher-2", enclave.RoleResearcher))
	if resp, _ := other.get("/reviews/" + id); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
		t.Errorf("another researcher's page of the held answer: %d, want it refused", resp.StatusCode)
	}
}
