package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// askedBody is what a query event records of the question.
type askedBody struct {
	QueryHash string          `json:"query_hash"`
	Query     json.RawMessage `json:"query"`
	Held      string          `json:"held"`
	Check     bool            `json:"check"`
}

// auditedQuestions are the query events of project, as the auditor's
// search serves them.
func (q *queryAPI) auditedQuestions(t *testing.T, project string) map[string][]askedBody {
	t.Helper()
	out := map[string][]askedBody{}
	for _, e := range q.events(t, "?project="+project+"&limit=1000") {
		key := string(e.Kind) + " " + string(e.Outcome)
		var b askedBody
		if err := json.Unmarshal(e.Body, &b); err != nil {
			t.Fatal(err)
		}
		out[key] = append(out[key], b)
	}
	return out
}

// wantQuestion wants b to record the canonical query canonical, under a
// hash an auditor can recompute from the recorded query.
func wantQuestion(t *testing.T, what string, b askedBody, canonical string) {
	t.Helper()
	sum := sha256.Sum256(b.Query)
	if string(b.Query) != canonical || b.QueryHash != "sha256:"+hex.EncodeToString(sum[:]) {
		t.Errorf("%s records query %s with hash %s; want %s, hashed", what, b.Query, b.QueryHash, canonical)
	}
}

// TestQueryEventsRecordTheQuestion: every query event holds the canonical
// query it was about (answered, held, checked, refused by the policy or
// withheld), so that an auditor sees what was asked; an invalid query,
// which has no canonical form, keeps its reason only; and a filter value
// that looks like an NHS number is recorded only as its HMAC.
func TestQueryEventsRecordTheQuestion(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	status, a, body := q.ask(t, "researcher-1", q.s251, bySexJSON)
	if status != http.StatusOK {
		t.Fatalf("query: %d %s", status, body)
	}
	canonical, _ := json.Marshal(a.Manifest.Query)
	if status, _, body := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries/check", bySexJSON); status != http.StatusOK {
		t.Fatalf("check: %d %s", status, body)
	}
	for _, path := range []string{"/queries", "/queries/check"} {
		if status, _, body := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+path, `{"sql":"SELECT * FROM patients"}`); status != http.StatusBadRequest {
			t.Fatalf("invalid SQL to %s: %d %s", path, status, body)
		}
	}
	const nhsNumber = "9434765919" // also a well-formed SNOMED CT code
	outOfScope := `{"datasets":["gp_events"],"measures":[{"kind":"count_people"}],` +
		`"filters":[{"column":"gp_events.snomed_code","op":"in","values":["` + nhsNumber + `","22298006"]}]}`
	if status, _, body := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries", outOfScope); status != http.StatusForbidden {
		t.Fatalf("a query out of scope: %d %s", status, body)
	}

	got := q.auditedQuestions(t, q.s251)
	for _, kind := range []string{"query.run success", "query.check success"} {
		if len(got[kind]) != 1 {
			t.Fatalf("%s events: %+v", kind, got[kind])
		}
		wantQuestion(t, kind, got[kind][0], string(canonical))
	}
	for _, kind := range []string{"query.run denied", "query.check denied"} {
		if len(got[kind]) != 1 || got[kind][0].Query != nil || got[kind][0].QueryHash != "" {
			t.Errorf("%s: %+v, want one event with no query (an invalid one has no canonical form)", kind, got[kind])
		}
	}
	refusal := got["project.use denied"]
	if len(refusal) != 1 || !strings.Contains(string(refusal[0].Query), `"gp_events.snomed_code"`) {
		t.Fatalf("project.use denied events: %+v", refusal)
	}
	hmac := q.audit.FieldHMAC(nhsNumber)
	if want := `"values":["22298006","` + hmac + `"]`; !strings.Contains(string(refusal[0].Query), want) {
		t.Errorf("the refused query records %s, want its values as %s", refusal[0].Query, want)
	}
	for _, e := range q.events(t, "?limit=1000") {
		if raw, _ := json.Marshal(e); strings.Contains(string(raw), nhsNumber) {
			t.Errorf("event %d holds a value that looks like an NHS number: %s", e.Seq, raw)
		}
	}

	// A held answer's event holds its question too, and so does the event
	// of asking it again while it is held.
	reviewed := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	h := q.held(t, "researcher-1", reviewed, bySexJSON)
	if again := q.held(t, "researcher-1", reviewed, bySexJSON); again.ID != h.ID {
		t.Fatalf("asking again shows hold %s, want %s", again.ID, h.ID)
	}
	held := q.auditedQuestions(t, reviewed)["query.run success"]
	if len(held) != 2 {
		t.Fatalf("the hold's events: %+v", held)
	}
	for i, what := range []string{"the hold", "asking again"} {
		if held[i].Held != h.ID {
			t.Errorf("%s: event for hold %q, want %q", what, held[i].Held, h.ID)
		}
		wantQuestion(t, what, held[i], string(canonical))
	}
}
