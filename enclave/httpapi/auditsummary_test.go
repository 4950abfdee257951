package httpapi

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
)

// summary asks for the auditor's summary with query and returns its days.
func (q *queryAPI) summary(t *testing.T, query string) []enclave.ResearcherDay {
	t.Helper()
	status, _, body := q.call(t, enclave.RoleAuditor, "GET", "/v1/audit/summary"+query, "", "")
	if status != http.StatusOK {
		t.Fatalf("summary%s: %d %s", query, status, body)
	}
	var out struct {
		Days []enclave.ResearcherDay `json:"days"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	return out.Days
}

// withheld adds up the cells each manifest says were withheld, by rule.
func withheld(ms ...answer.Manifest) map[string]int {
	out := map[string]int{}
	for _, m := range ms {
		for rule, n := range m.Suppressed {
			if n > 0 {
				out[string(rule)] += n
			}
		}
	}
	return out
}

// TestAuditSummaryShowsWhatEachResearcherAsked: answers, holds, refusals by
// reason, checks, distinct questions and cells withheld by rule, per
// researcher and day, for auditors only; computed from events checked
// against their canonical bytes, so that a changed copy neither moves an
// event to another researcher's summary nor drops it silently.
func TestAuditSummaryShowsWhatEachResearcherAsked(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	var answers []answer.Manifest
	answered := func(who, project, body string) {
		t.Helper()
		status, a, resp := q.ask(t, who, project, body)
		if status != http.StatusOK {
			t.Fatalf("%s asks %s: %d %s", who, body, status, resp)
		}
		if who == "researcher-1" {
			answers = append(answers, a.Manifest)
		}
	}
	answered("researcher-1", q.s251, bySexJSON)
	answered("researcher-1", q.s251, bySexJSON) // the same question again
	answered("researcher-1", q.s251, `{"sql":"SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex"}`)
	answered("lead-1", q.consent, bySexJSON)
	q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries/check", bySexJSON)
	q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries/check", `{"sql":"SELECT *"}`)
	q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries", `{"sql":"SELECT *"}`)
	q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries", `{"datasets":["gp_events"],"measures":[{"kind":"count_people"}]}`)
	reviewed := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	h := q.held(t, "researcher-1", reviewed, bySexJSON)
	_, seen, _ := q.review(t, "gov-a", "GET", "/v1/reviews/"+h.ID, "")
	var heldManifest answer.Manifest
	if err := json.Unmarshal(seen.Manifest, &heldManifest); err != nil {
		t.Fatal(err)
	}
	q.advance(24 * time.Hour)
	answered("lead-1", q.consent, bySexJSON)

	const window = "?since=2025-02-01T00:00:00Z&until=2025-04-01T00:00:00Z"
	days := q.summary(t, window)
	want := []enclave.ResearcherDay{
		{Day: "2025-03-01", Principal: "lead-1", Answers: 1, Queries: 1, Withheld: withheld(), Refused: map[string]int{}},
		{Day: "2025-03-01", Principal: "researcher-1", Answers: 3, Holds: 1, Refusals: 3, Checks: 1, Queries: 3,
			Withheld: withheld(append(answers, heldManifest)...),
			Refused:  map[string]int{"query.syntax": 2, "scope.dataset_not_approved": 1}},
		{Day: "2025-03-02", Principal: "lead-1", Answers: 1, Queries: 1, Withheld: withheld(), Refused: map[string]int{}},
	}
	// lead-1's answers under consent withhold what they withhold: take it
	// from the summary, and check everything else exactly.
	if len(days) == 3 {
		want[0].Withheld, want[2].Withheld = days[0].Withheld, days[2].Withheld
	}
	if !sameDays(days, want) {
		t.Errorf("summary:\n got %+v\nwant %+v", days, want)
	}
	if len(want[1].Withheld) == 0 {
		t.Errorf("the answers withheld no cells, so the summary's count of them is not tested")
	}
	if only := q.summary(t, window+"&principal=researcher-1"); !sameDays(only, want[1:2]) {
		t.Errorf("researcher-1's summary: %+v", only)
	}
	if status, _, body := q.callAs(t, "researcher-1", "GET", "/v1/audit/summary", ""); status != http.StatusForbidden || !strings.Contains(body, "role.not_permitted") {
		t.Errorf("a researcher asked for the summary: %d %s", status, body)
	}
	for _, bad := range []string{"?since=2025-04-01T00:00:00Z&until=2025-03-01T00:00:00Z", "?since=2024-01-01T00:00:00Z&until=2025-04-01T00:00:00Z", "?sinse=2025-01-01T00:00:00Z", "?until=yesterday"} {
		status, ctype, body := q.call(t, enclave.RoleAuditor, "GET", "/v1/audit/summary"+bad, "", "")
		wantProblem(t, status, ctype, body, http.StatusBadRequest)
	}
	// The last read is this search itself, recorded before it is served.
	if reads := q.events(t, "?kind=audit.read&limit=1000"); !strings.Contains(string(reads[len(reads)-2].Body), `"summary"`) {
		t.Errorf("the summary read is not audited: %s", reads[len(reads)-2].Body)
	}

	// As the superuser, move one of researcher-1's answers to lead-1 in
	// the copies: the summary neither counts it for lead-1 nor drops it
	// from researcher-1's, which fails naming the event.
	ctx := context.Background()
	super := q.db.SharedSuper(t)
	var seq int64
	if err := super.QueryRow(ctx, `SELECT seq FROM audit_events WHERE kind = 'query.run' AND principal_id = 'researcher-1' ORDER BY seq LIMIT 1`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	if _, err := super.Exec(ctx, `SET session_replication_role = replica;
		UPDATE audit_events SET principal_id = 'lead-1', event = jsonb_set(event, '{principal}', '"lead-1"') WHERE seq = `+itoa(uint64(seq))+`;
		RESET session_replication_role`); err != nil {
		t.Fatal(err)
	}
	if lead := q.summary(t, window+"&principal=lead-1"); !sameDays(lead, []enclave.ResearcherDay{want[0], want[2]}) {
		t.Errorf("lead-1's summary after the copies were changed: %+v", lead)
	}
	for _, path := range []string{"/v1/audit/summary" + window, "/v1/audit/summary" + window + "&principal=researcher-1", "/v1/audit/events?principal=researcher-1"} {
		status, ctype, body := q.call(t, enclave.RoleAuditor, "GET", path, "", "")
		wantProblem(t, status, ctype, body, http.StatusInternalServerError, "integrity")
		if !strings.Contains(body, "event "+itoa(uint64(seq))+": column principal_id") {
			t.Errorf("%s after the copies were changed: %s, want the event and column named", path, body)
		}
	}
}

func sameDays(got, want []enclave.ResearcherDay) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Day != w.Day || g.Principal != w.Principal || g.Answers != w.Answers || g.Holds != w.Holds ||
			g.Refusals != w.Refusals || g.Checks != w.Checks || g.Queries != w.Queries ||
			!maps.Equal(g.Withheld, w.Withheld) || !maps.Equal(g.Refused, w.Refused) {
			return false
		}
	}
	return true
}
