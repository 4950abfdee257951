package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// TestQuestionsThroughTheAPI: a researcher reads their own questions, not
// another's (refused with the policy's reason, and audited as refused); an
// auditor reads anyone's; each read is an audit.read event; bad
// parameters are clear 400s.
func TestQuestionsThroughTheAPI(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	for _, who := range []string{"researcher-1", "lead-1"} {
		if status, _, body := q.ask(t, who, q.s251, bySexJSON); status != http.StatusOK {
			t.Fatalf("%s asks: %d %s", who, status, body)
		}
	}
	read := func(who, path string) []enclave.Question {
		t.Helper()
		status, _, body := q.callAs(t, who, "GET", path, "")
		var page struct{ Questions []enclave.Question }
		if err := json.Unmarshal([]byte(body), &page); status != http.StatusOK || err != nil {
			t.Fatalf("%s reads %s: %d %s", who, path, status, body)
		}
		return page.Questions
	}
	mine := read("researcher-1", "/v1/questions")
	if len(mine) != 1 || mine[0].Outcome != "answered" || mine[0].Project != q.s251 || mine[0].QueryHash == "" {
		t.Errorf("researcher-1's questions = %+v; want their one answer", mine)
	}
	if theirs := read("aud-1", "/v1/questions?principal=lead-1"); len(theirs) != 1 || theirs[0].Seq == mine[0].Seq {
		t.Errorf("lead-1's questions, read by an auditor = %+v; want lead-1's one answer", theirs)
	}
	status, ctype, body := q.callAs(t, "researcher-1", "GET", "/v1/questions?principal=lead-1", "")
	wantProblem(t, status, ctype, body, http.StatusForbidden, "history.not_own")
	evs, err := q.auditLog.Events(t.Context(), enclave.AuditFilter{Kind: string(audit.KindAuditRead), Principal: "researcher-1"})
	if err != nil || len(evs) != 2 || evs[0].Outcome != audit.OutcomeSuccess || evs[1].Outcome != audit.OutcomeDenied {
		t.Errorf("researcher-1's reads recorded as %d events (%v); want one allowed and one refused", len(evs), err)
	}
	for path, want := range map[string]string{
		"/v1/questions?limit=0":                               "limit",
		"/v1/questions?before=-5":                             "before",
		"/v1/questions?who=me":                                "unknown query parameter",
		"/v1/questions?limit=1&limit=2":                       "more than once",
		"/v1/questions?principal=a%00b":                       "control characters",
		"/v1/questions?principal=" + strings.Repeat("x", 201): "at most 200",
	} {
		status, ctype, body := q.callAs(t, "researcher-1", "GET", path, "")
		wantProblem(t, status, ctype, body, http.StatusBadRequest, want)
	}
}
