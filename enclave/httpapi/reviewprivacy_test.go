package httpapi

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReviewAndMagnitudeLeaveNoNumbers: answers that use the new paths (a
// sum under the magnitude rules, a held result, its review and release, its
// audited reads) put none of the input NHS numbers, as digits or as hex, in
// any table, the server log or any answer.
func TestReviewAndMagnitudeLeaveNoNumbers(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	var numbers []string
	for _, ds := range []string{"patients", "ae_attendances"} {
		body, err := os.ReadFile(filepath.Join(q.dir, ds+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, nhsNumberRe.FindAllString(string(body), -1)...)
	}
	if len(numbers) < 300 {
		t.Fatalf("only %d NHS numbers in the input", len(numbers))
	}
	var answers strings.Builder
	status, _, body := q.ask(t, "researcher-1", q.s251, `{"sql":"SELECT age_band, SUM(wait_minutes), AVG(wait_minutes) FROM ae_attendances GROUP BY CUBE (age_band)"}`)
	if status != http.StatusOK {
		t.Fatalf("sum: %d %s", status, body)
	}
	answers.WriteString(body)
	project := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	h := q.held(t, "researcher-1", project, bySexJSON)
	for _, step := range []struct{ who, method, path, body string }{
		{"gov-a", "GET", "/v1/reviews/" + h.ID, ""},
		{"gov-a", "POST", "/v1/reviews/" + h.ID + "/approve", `{"reason":"checked the cells"}`},
		{"gov-c", "POST", "/v1/reviews/" + h.ID + "/approve", `{"reason":"agreed"}`},
		{"researcher-1", "GET", "/v1/reviews/" + h.ID, ""},
		{"gov-a", "GET", "/v1/reviews", ""},
	} {
		status, _, body := q.callAs(t, step.who, step.method, step.path, step.body)
		if status != http.StatusOK {
			t.Fatalf("%s %s as %s: %d %s", step.method, step.path, step.who, status, body)
		}
		answers.WriteString(body)
	}
	if !strings.Contains(answers.String(), `"state":"released"`) {
		t.Fatalf("the held result was not released: %s", answers.String())
	}
	q.assertDatabaseFree(t, numbers)
	assertNoNumber(t, "the server log", q.log.String(), numbers)
	assertNoNumber(t, "the answers", answers.String(), numbers)
}
