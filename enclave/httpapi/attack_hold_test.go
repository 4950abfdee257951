package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
)

// The women born in 1901, asked three ways that canonicalise alike, and a
// breakdown by sex whose women's cell has the same people.
const (
	women1901SQL      = `{"sql":"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901 AND sex = 'F'"}`
	women1901Reversed = `{"sql":"SELECT COUNT(DISTINCT person) FROM patients WHERE sex = 'F' AND year_of_birth = 1901"}`
	women1901JSON     = `{"datasets":["patients"],"measures":[{"kind":"count_people"}],"filters":[` +
		`{"column":"patients.sex","op":"eq","values":["F"]},{"column":"patients.year_of_birth","op":"eq","values":[1901]}]}`
	bySex1901SQL = `{"sql":"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901 GROUP BY sex"}`
)

// heldNearMiss releases the 42 people born in 1901 (as 40), then asks for
// the 30 women among them as researcher-1: a near miss of the total, held
// for review.
func (q *queryAPI) heldNearMiss(t *testing.T) enclave.HeldResult {
	t.Helper()
	q.plant(t, 1901, 30, "F")
	q.plant(t, 1901, 12, "M")
	if total := q.released(t, "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901"); total[""] != "40" {
		t.Fatalf("42 people released as %v", total)
	}
	h := q.held(t, "researcher-1", q.s251, women1901SQL)
	if len(h.HeldFor) != 1 || h.HeldFor[0].Code != "review.near_miss" {
		t.Fatalf("held for %+v, want review.near_miss", h.HeldFor)
	}
	return h
}

// stillHeld asks body as who on project and wants it held, with no cells:
// an answer released instead fails the test with what it gave away.
func (q *queryAPI) stillHeld(t *testing.T, who, project, body string) enclave.HeldResult {
	t.Helper()
	status, _, resp := q.callAs(t, who, "POST", "/v1/projects/"+project+"/queries", body)
	if status == http.StatusOK {
		var a answer.Answer
		_ = json.Unmarshal([]byte(resp), &a)
		t.Fatalf("%s asked again and was given the cells the officers hold: %v", body, cells(a))
	}
	if status != http.StatusAccepted {
		t.Fatalf("%s: %d %s, want 202 held", body, status, resp)
	}
	var a answer.Answer
	if err := json.Unmarshal([]byte(resp), &a); err != nil || a.Held == nil || a.Result != nil || a.Held.Result != nil || a.Held.Summary != nil {
		t.Fatalf("%s: a hold that shows more than its state: %v %s", body, err, resp)
	}
	return *a.Held
}

// TestAskingAgainKeepsAHold (issue 13, finding 1): an answer held for
// review stays held however it is asked again, and one officers rejected
// stays unreleased. Its cells were never given out, so a repeat that
// differs from them by no one is not "nothing new": it is held, never
// released.
func TestAskingAgainKeepsAHold(t *testing.T) {
	t.Parallel()
	t.Run("the same question shows the same hold", func(t *testing.T) {
		t.Parallel()
		q := newQueryAPI(t)
		h := q.heldNearMiss(t)
		for _, body := range []string{women1901SQL, women1901Reversed, women1901JSON} {
			if again := q.stillHeld(t, "researcher-1", q.s251, body); again.ID != h.ID {
				t.Errorf("%s: a new hold %s beside %s, want the same one", body, again.ID, h.ID)
			}
		}
	})
	t.Run("a breakdown with the held cell", func(t *testing.T) {
		t.Parallel()
		q := newQueryAPI(t)
		q.heldNearMiss(t)
		q.stillHeld(t, "researcher-1", q.s251, bySex1901SQL)
	})
	t.Run("another member of the project", func(t *testing.T) {
		t.Parallel()
		q := newQueryAPI(t)
		q.heldNearMiss(t)
		q.stillHeld(t, "lead-1", q.s251, women1901SQL)
	})
	t.Run("on another project of the researcher's", func(t *testing.T) {
		t.Parallel()
		q := newQueryAPI(t)
		q.heldNearMiss(t)
		q.stillHeld(t, "researcher-1", q.consent, women1901SQL)
	})
	t.Run("after rejection", func(t *testing.T) {
		t.Parallel()
		q := newQueryAPI(t)
		h := q.heldNearMiss(t)
		if status, after, body := q.review(t, "gov-a", "POST", "/v1/reviews/"+h.ID+"/reject", `{"reason":"too close to the total"}`); status != http.StatusOK || after.State != "rejected" {
			t.Fatalf("rejection: %d %s", status, body)
		}
		for _, body := range []string{women1901SQL, women1901JSON, bySex1901SQL} {
			again := q.stillHeld(t, "researcher-1", q.s251, body)
			if again.ID == h.ID {
				t.Fatalf("%s: shown the rejected result as held", body)
			}
			// The officers see which results it repeats: the rejected one
			// (and the repeats held before it in this loop).
			if _, seen, resp := q.review(t, "gov-a", "GET", "/v1/reviews/"+again.ID, ""); !slices.Contains(seen.RepeatOf, h.ID) ||
				len(seen.HeldFor) != 1 || seen.HeldFor[0].Code != "review.repeat" {
				t.Errorf("%s: officers see %s, want a repeat of %s", body, resp, h.ID)
			}
		}
	})
}

// TestAskingAgainAfterReleaseIsAnswered: once officers release a held
// result, the ledger knows its cells were given out, and asking again is
// answered like any question; while held, asking again was recorded and
// showed the hold.
func TestAskingAgainAfterReleaseIsAnswered(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	h := q.heldNearMiss(t)
	q.stillHeld(t, "researcher-1", q.s251, women1901SQL)
	q.wantAskedAgainAudited(t, q.s251, h.ID)
	for _, officer := range []string{"gov-b", "gov-c"} {
		q.mustReview(t, officer, "/v1/reviews/"+h.ID+"/approve")
	}
	if got := q.released(t, "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901 AND sex = 'F'"); got[""] != "30" {
		t.Errorf("the released question asked again: %v, want 30", got)
	}
	if got := q.released(t, "SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901 GROUP BY sex"); got["F/"] != "30" {
		t.Errorf("a breakdown with the released cell: %v, want the women's 30", got)
	}
}

// wantAskedAgainAudited wants a query.run event on project recording that
// held result id was asked for again.
func (a *testAPI) wantAskedAgainAudited(t *testing.T, project, id string) {
	t.Helper()
	evs, err := a.auditLog.Events(context.Background(), enclave.AuditFilter{
		TargetType: "project", TargetID: project, Kind: "query.run", Outcome: "success", After: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		var body struct {
			Held       string `json:"held"`
			AskedAgain bool   `json:"asked_again"`
		}
		if json.Unmarshal(ev.Body, &body) == nil && body.Held == id && body.AskedAgain {
			return
		}
	}
	t.Errorf("no query.run event records that %s was asked for again", id)
}
