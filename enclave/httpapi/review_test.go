package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/optout"
)

// reviewedProject creates a consent project on scope (rounding 10, which
// every dataset allows) with extra draft fields, as gov-a, and has it
// approved by officers; it returns its id.
func (q *queryAPI) reviewedProject(t *testing.T, scope, extra string, officers ...string) string {
	t.Helper()
	return q.reviewedProjectOn(t, "consent", scope, extra, officers...)
}

// reviewedProjectOn is reviewedProject on legal basis basis.
func (q *queryAPI) reviewedProjectOn(t *testing.T, basis, scope, extra string, officers ...string) string {
	t.Helper()
	body := strings.Replace(validDraft, `{"patients":["sex","year_of_birth"]}`, scope, 1)
	body = strings.Replace(body, `"s251_standard"`, `"`+basis+`"`, 1)
	body = strings.Replace(body, `"rounding":5}`, `"rounding":10}`+extra, 1)
	id := q.mustAct(t, "gov-a", "POST", "/v1/projects", body).ID
	q.mustAct(t, "gov-a", "POST", "/v1/projects/"+id+"/submit", "")
	for _, o := range officers {
		q.mustAct(t, o, "POST", "/v1/projects/"+id+"/approve", "")
	}
	return id
}

// held asks a query as who that the policy holds, and returns the held
// result the researcher is given: 202, its Location, and no cells.
func (q *queryAPI) held(t *testing.T, who, project, body string) enclave.HeldResult {
	t.Helper()
	req, err := http.NewRequest("POST", q.srv.URL+"/v1/projects/"+project+"/queries", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	q.mu.Lock()
	req.Header.Set("Authorization", "Bearer "+q.secret[enclave.Role(who)])
	q.mu.Unlock()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer.Answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusAccepted || a.Held == nil || a.Result != nil || a.Manifest.QueryHash != "" {
		t.Fatalf("a query the policy holds: %d %+v", resp.StatusCode, a)
	}
	h := a.Held
	if loc := resp.Header.Get("Location"); loc != "/v1/reviews/"+h.ID || h.State != "held" || h.Summary != nil || h.Result != nil {
		t.Fatalf("held answer: Location %q, %+v", loc, h)
	}
	return *h
}

// review performs a review request as who and returns the status and the
// held result it answers.
func (q *queryAPI) review(t *testing.T, who, method, path, body string) (int, enclave.HeldResult, string) {
	t.Helper()
	status, _, resp := q.callAs(t, who, method, path, body)
	var h enclave.HeldResult
	if status == http.StatusOK {
		if err := json.Unmarshal([]byte(resp), &h); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, resp)
		}
	}
	return status, h, resp
}

// wantResultAudited wants an event of kind with outcome about held result id.
func (a *testAPI) wantResultAudited(t *testing.T, id, kind, outcome string) {
	t.Helper()
	evs, err := a.auditLog.Events(context.Background(), enclave.AuditFilter{
		TargetType: "result", TargetID: id, Kind: kind, Outcome: outcome, After: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 {
		t.Errorf("no %s audit event with outcome %s for held result %s", kind, outcome, id)
	}
}

// wantHoldAudited wants the query.run event that held result id, recorded
// with outcome success and a body naming the result and why it was held.
func (a *testAPI) wantHoldAudited(t *testing.T, project, id, reason string) {
	t.Helper()
	evs, err := a.auditLog.Events(context.Background(), enclave.AuditFilter{
		TargetType: "project", TargetID: project, Kind: "query.run", Outcome: "success", After: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		var body struct {
			Held    string   `json:"held"`
			HeldFor []string `json:"held_for"`
		}
		if json.Unmarshal(ev.Body, &body) == nil && body.Held == id && slices.Equal(body.HeldFor, []string{reason}) {
			return
		}
	}
	t.Errorf("no query.run success event holds %s for %s", id, reason)
}

const reviewScope = `{"patients":["sex","year_of_birth"]}`

// TestReviewFourEyesReleasesAHeldResult: a project that has every result
// reviewed holds the answer; its requester may not review it, one officer
// leaves it held, the same officer cannot approve twice, and a second one
// releases it to the researcher. Every step is audited.
func TestReviewFourEyesReleasesAHeldResult(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	// The pre-flight check says so before the query is spent.
	if status, _, body := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+project+"/queries/check", bySexJSON); status != http.StatusOK ||
		!strings.Contains(body, `"rule":"review.project"`) {
		t.Errorf("pre-flight check of a reviewed project: %d %s", status, body)
	}
	h := q.held(t, "researcher-1", project, bySexJSON)
	if len(h.HeldFor) != 1 || h.HeldFor[0].Code != "review.project" || h.Requester != "researcher-1" || h.ApprovalsRequired != 2 {
		t.Fatalf("held result %+v", h)
	}
	q.wantHoldAudited(t, project, h.ID, "review.project")
	path := "/v1/reviews/" + h.ID

	// Officers see what would be released; the researcher only its state;
	// anyone else learns nothing.
	status, seen, body := q.review(t, "gov-a", "GET", path, "")
	if status != http.StatusOK || seen.Summary == nil || seen.Summary.Cells == 0 || seen.Result == nil || seen.Manifest == nil ||
		!strings.Contains(string(seen.Result), `"cells"`) || strings.Contains(body, "members") {
		t.Fatalf("officer's view: %d %s", status, body)
	}
	if status, mine, body := q.review(t, "researcher-1", "GET", path, ""); status != http.StatusOK || mine.State != "held" || mine.Result != nil || mine.Summary != nil {
		t.Errorf("researcher's view of a held result: %d %s", status, body)
	}
	if status, _, body := q.callAs(t, "researcher-2", "GET", path, ""); status != http.StatusNotFound {
		t.Errorf("another researcher: %d %s", status, body)
	}
	if status, _, body := q.callAs(t, "aud-1", "GET", "/v1/reviews", ""); status != http.StatusForbidden {
		t.Errorf("an auditor lists held results: %d %s", status, body)
	}

	// Self-review: refused at the router for the researcher, and by the
	// policy for a principal of another role under the requester's id.
	q.refused(t, "researcher-1", "POST", path+"/approve", "", "role.not_permitted")
	requesterAsOfficer := enclave.Actor{Principal: enclave.Principal{ID: "researcher-1", Role: enclave.RoleGovernance}}
	_, err := q.reviews.Approve(context.Background(), requesterAsOfficer, h.ID, "")
	var e *enclave.Error
	if !errors.As(err, &e) || e.Code != enclave.CodeForbidden || len(e.Reasons) != 1 || e.Reasons[0].Code != "review.self" {
		t.Errorf("self-review: %v", err)
	}

	// One officer leaves it held, "1 of 2"; the same officer again is refused.
	status, after, body := q.review(t, "gov-b", "POST", path+"/approve", `{"reason":"counts look safe"}`)
	if status != http.StatusOK || after.State != "held" || len(after.Approvals) != 1 || after.ApprovalsRequired != 2 {
		t.Fatalf("first approval: %d %s", status, body)
	}
	if _, mine, _ := q.review(t, "researcher-1", "GET", path, ""); mine.State != "held" || mine.Result != nil {
		t.Errorf("after one approval the researcher sees %+v", mine)
	}
	q.refused(t, "gov-b", "POST", path+"/approve", "", "review.already_approved")

	// A second, distinct officer releases it.
	status, after, body = q.review(t, "gov-c", "POST", path+"/approve", "")
	if status != http.StatusOK || after.State != "released" || len(after.Approvals) != 2 {
		t.Fatalf("second approval: %d %s", status, body)
	}
	status, mine, body := q.review(t, "researcher-1", "GET", path, "")
	if status != http.StatusOK || mine.State != "released" || string(mine.Result) != string(seen.Result) || mine.Manifest == nil {
		t.Errorf("the researcher after release: %d %s", status, body)
	}
	q.refused(t, "gov-a", "POST", path+"/approve", "", "review.not_held")

	q.wantResultAudited(t, h.ID, "review.approve", "success")
	q.wantResultAudited(t, h.ID, "review.approve", "denied")
	q.wantResultAudited(t, h.ID, "review.release", "success")
	q.wantResultAudited(t, h.ID, "review.view", "denied")

	// The researcher's list has it; the officers' list of held ones no longer.
	var list struct{ Results []enclave.HeldResult }
	_, _, body = q.callAs(t, "researcher-1", "GET", "/v1/reviews", "")
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Results) != 1 || list.Results[0].State != "released" {
		t.Errorf("researcher's list: %v %s", err, body)
	}
	_, _, body = q.callAs(t, "gov-a", "GET", "/v1/reviews?state=held", "")
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Results) != 0 {
		t.Errorf("officers' list of held results: %v %s", err, body)
	}
	if status, _, body := q.callAs(t, "gov-a", "GET", "/v1/reviews?state=approved", ""); status != http.StatusBadRequest {
		t.Errorf("an unknown state: %d %s", status, body)
	}
}

// TestReviewRejectsWithAReason: a dataset marked for review holds every
// answer that uses it; a rejection needs a reason, and the researcher then
// sees the rejection, never the cells.
func TestReviewRejectsWithAReason(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	q.loadFile(t, "social_care.csv", func(f *os.File) error {
		_, err := q.loads.Load(context.Background(), otto, ingest.Request{Dataset: "social_care", Mapping: "synth_social_care"}, f)
		return err
	})
	// social_care is sensitive: two officers approve the project.
	project := q.reviewedProject(t, `{"social_care":["service_type"]}`, "", "gov-b", "gov-c")
	h := q.held(t, "researcher-1", project, `{"datasets":["social_care"],"measures":[{"kind":"count_people"}],"group_by":["social_care.service_type"]}`)
	if len(h.HeldFor) != 1 || h.HeldFor[0].Code != "review.dataset" || !strings.Contains(h.HeldFor[0].Message, "social_care") {
		t.Fatalf("held for %+v", h.HeldFor)
	}
	q.wantHoldAudited(t, project, h.ID, "review.dataset")
	path := "/v1/reviews/" + h.ID

	q.refused(t, "gov-a", "POST", path+"/reject", "", "review.reason_required")
	q.refused(t, "gov-a", "POST", path+"/reject", `{"reason":"  "}`, "review.reason_required")
	status, after, body := q.review(t, "gov-a", "POST", path+"/reject", `{"reason":"two cells describe one care home"}`)
	if status != http.StatusOK || after.State != "rejected" || after.Rejection == nil || after.Rejection.Officer != "gov-a" {
		t.Fatalf("rejection: %d %s", status, body)
	}
	status, mine, body := q.review(t, "researcher-1", "GET", path, "")
	if status != http.StatusOK || mine.State != "rejected" || mine.Rejection == nil || mine.Rejection.Reason != "two cells describe one care home" ||
		mine.Result != nil || mine.Manifest != nil || mine.Summary != nil {
		t.Errorf("the researcher after rejection: %d %s", status, body)
	}
	q.refused(t, "gov-b", "POST", path+"/approve", "", "review.not_held")
	q.wantResultAudited(t, h.ID, "review.reject", "denied")
	q.wantResultAudited(t, h.ID, "review.reject", "success")
}

// TestReviewOfAResearcherWhoLeft: once the requester has left the project,
// the result can be rejected but never released, and the researcher no
// longer sees it.
func TestReviewOfAResearcherWhoLeft(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	h := q.held(t, "researcher-1", project, bySexJSON)
	path := "/v1/reviews/" + h.ID

	// Removing a member sends the project back for approval; approved
	// again, it is active without the requester.
	// The project has changed too (another submission), so the result is
	// stale as well.
	q.mustAct(t, "gov-a", "DELETE", "/v1/projects/"+project+"/members/researcher-1?reason=left+the+team", "")
	q.refused(t, "gov-b", "POST", path+"/approve", "", "project.not_active", "review.requester_left", "review.stale")
	q.mustAct(t, "gov-b", "POST", "/v1/projects/"+project+"/approve", "")
	q.refused(t, "gov-b", "POST", path+"/approve", "", "review.requester_left", "review.stale")
	if status, _, body := q.callAs(t, "researcher-1", "GET", path, ""); status != http.StatusNotFound {
		t.Errorf("the researcher who left: %d %s", status, body)
	}
	status, after, body := q.review(t, "gov-c", "POST", path+"/reject", `{"reason":"the requester has left the project"}`)
	if status != http.StatusOK || after.State != "rejected" {
		t.Errorf("rejection after the requester left: %d %s", status, body)
	}
	q.wantResultAudited(t, h.ID, "review.approve", "denied")
	q.wantResultAudited(t, h.ID, "review.reject", "success")
}

// TestReviewConcurrentApprovalsBothCount: two officers approving at once
// are decided one after the other, so both approvals count and the
// result is released.
func TestReviewConcurrentApprovalsBothCount(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	for round := range 3 {
		path := "/v1/reviews/" + q.held(t, "researcher-1", project, bySexJSON).ID
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, officer := range []string{"gov-b", "gov-c"} {
			wg.Go(func() { statuses[i], _, _ = q.callAs(t, officer, "POST", path+"/approve", "") })
		}
		wg.Wait()
		status, h, body := q.review(t, "gov-a", "GET", path, "")
		if statuses[0] != http.StatusOK || statuses[1] != http.StatusOK || status != http.StatusOK || h.State != "released" || len(h.Approvals) != 2 {
			t.Errorf("round %d: approvals answered %v; then %d %s", round, statuses, status, body)
		}
	}
}

// TestReviewSettingIsAGovernedChange: a project's output review setting is
// shown with it, and changing it after approval sends the project back
// for approval, as any change does.
func TestReviewSettingIsAGovernedChange(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.mustAct(t, "gov-a", "POST", "/v1/projects", strings.Replace(validDraft, `"rounding":5}`, `"rounding":5},"output_review":true`, 1)).ID
	path := "/v1/projects/" + id
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	_, _, body := api.callAs(t, "researcher-1", "GET", path, "")
	if !strings.Contains(body, `"output_review":true`) {
		t.Errorf("the project does not show its setting: %s", body)
	}
	p := api.mustAct(t, "gov-c", "PATCH", path, `{"output_review":false,"reason":"outputs are routine"}`)
	if p.State != "submitted" || len(p.Approvals) != 0 || p.History[len(p.History)-1].Detail != "changed output_review" {
		t.Errorf("after turning output review off: %+v", p)
	}
	api.wantAudited(t, id, "project.update", "success")
}

// TestReviewStaleResultIsNotReleased: a result held under one version of
// the national data opt-out cannot be released once a newer version is
// loaded (the answer would include people who have since opted out), nor
// under another catalogue revision; it can still be rejected, and the
// researcher asks again.
func TestReviewStaleResultIsNotReleased(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.reviewedProjectOn(t, "s251_standard", reviewScope, `,"output_review":true`, "gov-b")
	h := q.held(t, "researcher-1", project, bySexJSON)
	path := "/v1/reviews/" + h.ID
	status, _, body := q.review(t, "gov-b", "POST", path+"/approve", "")
	if status != http.StatusOK {
		t.Fatalf("an approval before anything changed: %d %s", status, body)
	}

	// Another catalogue revision: refused, naming it.
	other := *q.reviews
	other.CatalogueRevision = func() string { return "sha256:another" }
	_, err := other.Approve(context.Background(), enclave.Actor{Principal: enclave.Principal{ID: "gov-c", Role: enclave.RoleGovernance}}, h.ID, "")
	var e *enclave.Error
	if !errors.As(err, &e) || len(e.Reasons) != 1 || e.Reasons[0].Code != "review.stale" || !strings.Contains(e.Reasons[0].Message, "catalogue") {
		t.Errorf("approval under another catalogue revision: %v", err)
	}

	// A newer national data opt-out list.
	ndoo := strings.Join(synthetic(20), "\n") + "\n"
	if _, err := q.optouts.Load(context.Background(), otto, enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}, strings.NewReader(ndoo)); err != nil {
		t.Fatal(err)
	}
	q.refused(t, "gov-c", "POST", path+"/approve", "", "review.stale")
	_, _, body = q.callAs(t, "gov-c", "POST", path+"/approve", "")
	if !strings.Contains(body, "opt-out list ndoo has changed") || !strings.Contains(body, "version 1 applied, version 2 now") {
		t.Errorf("the refusal does not name the list and its versions: %s", body)
	}
	q.wantResultAudited(t, h.ID, "review.approve", "denied")
	status, after, body := q.review(t, "gov-c", "POST", path+"/reject", `{"reason":"a newer opt-out list: please ask again"}`)
	if status != http.StatusOK || after.State != "rejected" {
		t.Errorf("rejection of a stale result: %d %s", status, body)
	}
}

// TestReviewReadsOfTheAnswerAreAudited: every read that shows a held
// result's answer is audited (review.view, success): an officer's, and the
// requester's once released; the requester's reads while it is held show
// no answer and are not.
func TestReviewReadsOfTheAnswerAreAudited(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	h := q.held(t, "researcher-1", project, bySexJSON)
	path := "/v1/reviews/" + h.ID
	views := func(who string) int {
		t.Helper()
		evs, err := q.auditLog.Events(context.Background(), enclave.AuditFilter{
			Principal: who, Kind: "review.view", Outcome: "success", TargetType: "result", TargetID: h.ID, After: -1,
		})
		if err != nil {
			t.Fatal(err)
		}
		return len(evs)
	}
	if status, _, body := q.review(t, "gov-a", "GET", path, ""); status != http.StatusOK || views("gov-a") != 1 {
		t.Errorf("an officer's read: %d, %d events: %s", status, views("gov-a"), body)
	}
	if status, _, body := q.review(t, "researcher-1", "GET", path, ""); status != http.StatusOK || views("researcher-1") != 0 {
		t.Errorf("the requester's read of a held result: %d, %d events: %s", status, views("researcher-1"), body)
	}
	q.callAs(t, "gov-a", "GET", "/v1/reviews", "")
	if n := views("gov-a"); n != 1 {
		t.Errorf("a list without answers: %d events, want 1 (the earlier read)", n)
	}
	q.mustReview(t, "gov-b", path+"/approve")
	q.mustReview(t, "gov-c", path+"/approve")
	if status, mine, body := q.review(t, "researcher-1", "GET", path, ""); status != http.StatusOK || mine.Result == nil || views("researcher-1") != 1 {
		t.Errorf("the requester's read once released: %d, %d events: %s", status, views("researcher-1"), body)
	}
}

// mustReview performs a review action as who and wants 200.
func (q *queryAPI) mustReview(t *testing.T, who, path string) {
	t.Helper()
	if status, _, body := q.review(t, who, "POST", path, ""); status != http.StatusOK {
		t.Fatalf("POST %s as %s: %d %s", path, who, status, body)
	}
}

// failingHeld is a HeldStore that cannot hold a result.
type failingHeld struct{ enclave.HeldStore }

func (failingHeld) Hold(context.Context, enclave.HeldResult, audit.Event) error {
	return enclave.E(enclave.CodeUnavailable, "the database is away")
}

// TestReviewHoldFailureIsAudited: an answer that could not be held is not
// given, and the failure is audited as any failed query is.
func TestReviewHoldFailureIsAudited(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	reviews := *q.reviews
	reviews.Store = failingHeld{q.reviews.Store}
	answers := *q.answers
	answers.Reviews = &reviews
	researcher := enclave.Actor{Principal: enclave.Principal{ID: "researcher-1", Role: enclave.RoleResearcher}}
	a, err := answers.RunSQL(context.Background(), researcher, project, "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex")
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || a.Result != nil || a.Held != nil {
		t.Fatalf("a hold that failed: %+v, %v", a, err)
	}
	q.wantAudited(t, project, "query.run", "failure")
}

// TestReviewReasonsAreOneLine: a reason or note with a control character
// (NUL, which PostgreSQL cannot store, or a newline or tab) is refused as
// invalid, naming the field, for review and project actions alike.
func TestReviewReasonsAreOneLine(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	path := "/v1/reviews/" + q.held(t, "researcher-1", project, bySexJSON).ID
	for _, reason := range []string{`a\u0000b`, `two\nlines`, `a\ttab`, `a\u0085next line`} {
		body := `{"reason":"` + reason + `"}`
		for _, call := range [][2]string{{path + "/reject", "gov-a"}, {path + "/approve", "gov-a"}, {"/v1/projects/" + project + "/suspend", "gov-a"}} {
			status, ctype, resp := q.callAs(t, call[1], "POST", call[0], body)
			wantProblem(t, status, ctype, resp, http.StatusBadRequest, "reason must be one line")
		}
	}
	status, ctype, resp := q.callAs(t, "gov-a", "DELETE", "/v1/projects/"+project+"/members/researcher-1?reason=a%00b", "")
	wantProblem(t, status, ctype, resp, http.StatusBadRequest, "reason must be one line")
	// Nothing was done.
	if status, h, body := q.review(t, "gov-a", "GET", path, ""); status != http.StatusOK || h.State != "held" || len(h.Approvals) != 0 {
		t.Errorf("after refused reasons: %d %s", status, body)
	}
}

// TestReviewStaleAfterARetraction: a result held before a load of a
// dataset it read was retracted cannot be released (it counts rows that
// are no longer in the dataset); the refusal names the dataset, and the
// result can still be rejected.
func TestReviewStaleAfterARetraction(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.reviewedProject(t, reviewScope, `,"output_review":true`, "gov-b")
	h := q.held(t, "researcher-1", project, bySexJSON)
	path := "/v1/reviews/" + h.ID
	var load int64
	if err := q.db.SharedSuper(t).QueryRow(context.Background(), `SELECT id FROM dataset_loads WHERE dataset = 'patients'`).Scan(&load); err != nil {
		t.Fatal(err)
	}
	if _, err := q.loads.Retract(context.Background(), otto, load, "the wrong extract"); err != nil {
		t.Fatal(err)
	}
	govA := enclave.Actor{Principal: enclave.Principal{ID: "gov-a", Role: enclave.RoleGovernance}}
	if st, err := q.loads.ConfirmRetraction(context.Background(), govA, load); err != nil || st.Retraction == nil || st.Retraction.RetractedAt == nil {
		t.Fatalf("retraction: %+v %v", st, err)
	}
	q.refused(t, "gov-c", "POST", path+"/approve", "", "review.stale")
	if _, _, body := q.callAs(t, "gov-c", "POST", path+"/approve", ""); !strings.Contains(body, "dataset patients has changed since the answer was held") {
		t.Errorf("the refusal does not name the dataset: %s", body)
	}
	q.wantResultAudited(t, h.ID, "review.approve", "denied")
	if status, after, body := q.review(t, "gov-c", "POST", path+"/reject", `{"reason":"the data it was computed on was retracted"}`); status != http.StatusOK || after.State != "rejected" {
		t.Errorf("rejection of a stale result: %d %s", status, body)
	}
}
