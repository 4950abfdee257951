package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// TestResearcherHistory: the researcher's questions show the answer
// released in this session, with its link, and the answer held for review
// with its state; a new session starts with no released answers, and
// nothing is asked or recorded again to show them.
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
	before := len(s.env.Events(t, enclave.AuditFilter{}))
	resp, body := b.get("/history")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<a href="`+at+`">Open</a>`) || !strings.Contains(body, "patients by patients.sex") {
		t.Errorf("history: %d, want the released answer %s\n%s", resp.StatusCode, at, body)
	}
	held, _, _ := strings.Cut(body[strings.Index(body, "Answers held for review"):], "</table>")
	if !strings.Contains(held, `<a href="/projects/`+reviewed+`">`) || !strings.Contains(held, `<span class="state">held</span>`) || strings.Contains(held, project) {
		t.Errorf("history: want the one held answer, on %s\n%s", reviewed, held)
	}
	if after := len(s.env.Events(t, enclave.AuditFilter{})); after != before {
		t.Errorf("showing the history recorded %d events, want none", after-before)
	}
	if _, body := s.signedIn(t, enclave.RoleResearcher).get("/history"); !strings.Contains(body, "No answer has been released to you since you signed in") {
		t.Errorf("a new session's history:\n%s", body)
	}
}
