package enclave

import (
	"encoding/json"
	"maps"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// TestQuerySummaryCounts adds events of every shape a summary meets and
// checks each lands where it belongs, and that other events count nowhere.
func TestQuerySummaryCounts(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 11, 3, 23, 59, 0, 0, time.UTC)
	ev := func(who string, at time.Time, kind audit.Kind, outcome audit.Outcome, reasons []string, body string) audit.Event {
		e := audit.Event{Principal: who, Time: at, Kind: kind, Outcome: outcome}
		if reasons != nil {
			e.Decision = &audit.Decision{Reasons: reasons}
		}
		if body != "" {
			e.Body = json.RawMessage(body)
		}
		return e
	}
	var s QuerySummary
	for _, e := range []audit.Event{
		ev("r1", day, audit.KindQueryRun, audit.OutcomeSuccess, []string{"project.member"}, `{"query_hash":"h1","suppressed":{"primary":2,"differencing":0}}`),
		ev("r1", day, audit.KindQueryRun, audit.OutcomeSuccess, nil, `{"query_hash":"h1","suppressed":{"primary":1,"differencing":3}}`),
		ev("r1", day, audit.KindQueryRun, audit.OutcomeSuccess, nil, `{"query_hash":"h2","held":"res_x","suppressed":{"secondary":4}}`),
		ev("r1", day, audit.KindQueryRun, audit.OutcomeSuccess, nil, `{"query_hash":"h2","held":"res_x","asked_again":true}`),
		ev("r1", day, audit.KindQueryCheck, audit.OutcomeSuccess, nil, `{"query_hash":"h3"}`),
		ev("r1", day, audit.KindQueryCheck, audit.OutcomeDenied, []string{"query.invalid"}, ""),
		ev("r1", day, audit.KindQueryRun, audit.OutcomeDenied, []string{"query.syntax"}, ""),
		ev("r1", day, audit.KindQueryRun, audit.OutcomeFailure, nil, `{"query_hash":"h4","refused":"disclosure.unsafe"}`),
		ev("r1", day, audit.KindQueryRun, audit.OutcomeFailure, nil, `{"query_hash":"h4","failed":"unavailable"}`),
		ev("r1", day, audit.KindProjectUse, audit.OutcomeDenied, []string{"scope.column_not_approved", "x"}, `{"query_hash":"h5","check":true}`),
		// Not a question: counted nowhere.
		ev("r1", day, audit.KindProjectUse, audit.OutcomeDenied, []string{"project.suspended"}, ""),
		ev("r1", day, audit.KindProjectUse, audit.OutcomeSuccess, nil, `{"query_hash":"h9"}`),
		ev("r1", day, audit.KindAuditRead, audit.OutcomeSuccess, nil, ""),
		// The next UTC day, and another researcher.
		ev("r1", day.Add(time.Minute), audit.KindQueryRun, audit.OutcomeSuccess, nil, `{"query_hash":"h1"}`),
		ev("r0", day.In(time.FixedZone("ahead", 3600)), audit.KindQueryRun, audit.OutcomeSuccess, nil, `{"query_hash":"h1"}`),
	} {
		s.Add(e)
	}
	want := []ResearcherDay{
		{Day: "2026-11-03", Principal: "r0", Answers: 1, Queries: 1, Withheld: map[string]int{}, Refused: map[string]int{}},
		{Day: "2026-11-03", Principal: "r1", Answers: 2, Holds: 1, AskedAgain: 1, Refusals: 5, Checks: 1, Queries: 5,
			Withheld: map[string]int{"primary": 3, "differencing": 3, "secondary": 4},
			Refused:  map[string]int{"query.invalid": 1, "query.syntax": 1, "disclosure.unsafe": 1, "failed.unavailable": 1, "scope.column_not_approved": 1}},
		{Day: "2026-11-04", Principal: "r1", Answers: 1, Queries: 1, Withheld: map[string]int{}, Refused: map[string]int{}},
	}
	got := s.Days()
	if len(got) != len(want) {
		t.Fatalf("days %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Day != w.Day || g.Principal != w.Principal || g.Answers != w.Answers || g.Holds != w.Holds || g.AskedAgain != w.AskedAgain || g.Refusals != w.Refusals ||
			g.Checks != w.Checks || g.Queries != w.Queries || !maps.Equal(g.Withheld, w.Withheld) || !maps.Equal(g.Refused, w.Refused) {
			t.Errorf("day %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}
