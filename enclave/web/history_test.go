package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// TestResearcherHistory: the researcher's questions come from the audit
// log, so they outlive the session: after signing out and in again the
// page still shows the answered question and the held one with its review
// id, though the session's released answers are gone. Each showing is
// recorded as one audit.read, and nothing is asked again.
func TestResearcherHistory(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	d := s.draft()
	d.OutputReview = true
	reviewed := s.env.Approved(t, d).ID
	b := s.signedIn(t, enclave.RoleResearcher)
	resp, _ := b.post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}})
	at := resp.Header.Get("Location")
	if resp, _ := b.post("/projects/"+reviewed+"/query/run", url.Values{"sql": {bySex}}); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("run on the reviewed project: %d, want held", resp.StatusCode)
	}
	held := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindQueryRun), TargetID: reviewed})
	before := len(s.env.Events(t, enclave.AuditFilter{}))
	resp, body := b.get("/history")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<a href="`+at+`">Open</a>`) || !strings.Contains(body, "patients by patients.sex") {
		t.Errorf("history: %d, want the released answer %s\n%s", resp.StatusCode, at, body)
	}
	heldTable, _, _ := strings.Cut(body[strings.Index(body, "Answers held for review"):], "</table>")
	if !strings.Contains(heldTable, `<a href="/projects/`+reviewed+`">`) || !strings.Contains(heldTable, `<span class="state">held</span>`) || strings.Contains(heldTable, project) {
		t.Errorf("history: want the one held answer, on %s\n%s", reviewed, heldTable)
	}
	evs := s.env.Events(t, enclave.AuditFilter{})
	if len(evs) != before+1 || evs[len(evs)-1].Kind != audit.KindAuditRead || evs[len(evs)-1].Principal != s.id[enclave.RoleResearcher] {
		t.Errorf("showing the history recorded %d events, want its one audit.read", len(evs)-before)
	}

	b.post("/signout", nil)
	_, body = s.signedIn(t, enclave.RoleResearcher).get("/history")
	questions, _, _ := strings.Cut(body, "Answers released to you in this session")
	if strings.Count(questions, `<tr><th scope="row">`) != 2 || !strings.Contains(questions, `<span class="state">answered</span>`) ||
		len(held) != 1 || !strings.Contains(questions, `<span class="state">held</span> as <a href="/reviews/`) {
		t.Errorf("after signing in again: want the two questions, answered and held\n%s", questions)
	}
	if !strings.Contains(body, "No answer has been released to you since you signed in") {
		t.Errorf("a new session's released answers:\n%s", body)
	}
}

// TestHistoryIsOwnOnly: another researcher's page shows none of the first
// one's questions, and asking for them is refused and audited as a refused
// read; an auditor reads them; a wrong page is refused on the page.
func TestHistoryIsOwnOnly(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	mine := s.id[enclave.RoleResearcher]
	s.signedIn(t, enclave.RoleResearcher).post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}})
	other := s.signInAs(t, s.enrol(t, "web-researcher-2", enclave.RoleResearcher))
	if _, body := other.get("/history"); !strings.Contains(body, "No questions.") || strings.Contains(body, project) {
		t.Errorf("another researcher's history shows the first one's questions\n%s", body)
	}
	resp, _ := other.get("/history?principal=" + mine)
	reads := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindAuditRead), Principal: "web-researcher-2"})
	if resp.StatusCode != http.StatusForbidden || len(reads) != 2 || reads[1].Outcome != audit.OutcomeDenied {
		t.Errorf("asking for another's questions: %d, reads %d; want 403, audited as a refused read", resp.StatusCode, len(reads))
	}
	resp, body := s.signedIn(t, enclave.RoleAuditor).get("/history?principal=" + mine)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<h1>Questions of "+mine+"</h1>") || !strings.Contains(body, `<span class="state">answered</span>`) {
		t.Errorf("an auditor reading the researcher's questions: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := other.get("/history?before=x"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "whole number") {
		t.Errorf("a wrong page: %d\n%s", resp.StatusCode, body)
	}
}
