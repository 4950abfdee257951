package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
)

// soloStep is one step of the lone operator's attack on four eyes: who acts,
// and the request.
type soloStep struct {
	who, method, path, body string
}

// soloOperatorAttack plays issue 13's second finding through the API: the
// operator enrols three governance officers and a researcher (a sensitive
// project needs two approvals, and its creator may not give one), has one
// officer register a project over the review-only social_care dataset, the
// other two approve it, the researcher ask a question, and the two approve
// the held answer. It returns the step that failed (its index, status and
// body), or -1 when the operator saw the answer released.
func soloOperatorAttack(t *testing.T, q *queryAPI) (int, int, string) {
	t.Helper()
	for _, p := range []struct{ id, role string }{
		{"solo-g1", "governance"}, {"solo-g2", "governance"}, {"solo-g3", "governance"}, {"solo-r", "researcher"},
	} {
		status, _, body := q.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json",
			`{"principal":"`+p.id+`","role":"`+p.role+`","ttl":"24h"}`)
		if status != http.StatusCreated {
			return 0, status, body
		}
		q.mu.Lock()
		q.secret[enclave.Role(p.id)] = jsonField(t, body, "token")
		q.mu.Unlock()
	}
	draft := strings.NewReplacer(`"lead-1"`, `"solo-r"`, `"members":["researcher-1"],`, ``, `"s251_standard"`, `"consent"`,
		`{"patients":["sex","year_of_birth"]}`, `{"social_care":["service_type"]}`, `"rounding":5`, `"rounding":10`).Replace(validDraft)
	status, _, body := q.callAs(t, "solo-g1", "POST", "/v1/projects", draft)
	if status != http.StatusCreated {
		return 1, status, body
	}
	project := "/v1/projects/" + jsonField(t, body, "id")
	var result string
	steps := []soloStep{
		{"solo-g1", "POST", project + "/submit", ""},
		{"solo-g2", "POST", project + "/approve", ""},
		{"solo-g3", "POST", project + "/approve", ""},
		{"solo-r", "POST", project + "/queries", `{"datasets":["social_care"],"measures":[{"kind":"count_people"}],"group_by":["social_care.service_type"]}`},
		{"solo-g2", "POST", "/v1/reviews/{result}/approve", ""},
		{"solo-g3", "POST", "/v1/reviews/{result}/approve", ""},
		{"solo-r", "GET", "/v1/reviews/{result}", ""},
	}
	for i, s := range steps {
		status, _, body := q.callAs(t, s.who, s.method, strings.ReplaceAll(s.path, "{result}", result), s.body)
		if status >= 300 {
			return i + 2, status, body
		}
		if strings.HasSuffix(s.path, "/queries") {
			result = jsonFieldOr(body, "id", "")
			if h := jsonObject(t, body, "held"); h != nil {
				result, _ = h["id"].(string)
			}
		}
		if s.method == "GET" && !strings.Contains(body, `"state":"released"`) {
			return i + 2, status, body
		}
	}
	return -1, 0, ""
}

// TestOneOperatorCannotSatisfyFourEyes: the operator's officers are
// enrolled pending, so their tokens do not work, and the attack stops at
// the first thing an officer does: registering the project.
func TestOneOperatorCannotSatisfyFourEyes(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	q.loadFile(t, "social_care.csv", func(f *os.File) error {
		_, err := q.loads.Load(context.Background(), otto, ingest.Request{Dataset: "social_care", Mapping: "synth_social_care"}, f)
		return err
	})
	step, status, body := soloOperatorAttack(t, q)
	if step < 0 {
		t.Fatal("one operator enrolled officers and a researcher and released a held answer on their own")
	}
	if step != 1 || status != http.StatusUnauthorized {
		t.Errorf("the attack stopped at step %d with %d %s; want step 1 (the first officer's request) refused 401", step, status, body)
	}
}

// jsonObject returns the object field of a JSON object body, or nil.
func jsonObject(t *testing.T, body, field string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return nil
	}
	o, _ := m[field].(map[string]any)
	return o
}

// TestEnrolmentNeedsAnOfficer: an officer or an auditor an operator enrols
// is pending, and its token does not work, until a governance officer other
// than the operator approves; a refusal needs a reason and kills the token.
// Every decision is audited.
func TestEnrolmentNeedsAnOfficer(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	enrol := func(id, role string) {
		t.Helper()
		status, _, body := api.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json", `{"principal":"`+id+`","role":"`+role+`","ttl":"1h"}`)
		if status != http.StatusCreated || jsonField(t, body, "enrolment") != "pending" {
			t.Fatalf("enrol %s (%s): %d %s, want 201 and a pending enrolment", id, role, status, body)
		}
		api.mu.Lock()
		api.secret[enclave.Role(id)] = jsonField(t, body, "token")
		api.mu.Unlock()
		if status, _, body := api.callAs(t, id, "GET", "/v1/whoami", ""); status != http.StatusUnauthorized {
			t.Errorf("the pending %s's token: %d %s, want 401", role, status, body)
		}
	}
	enrol("gwen", "governance")
	status, _, body := api.call(t, enclave.RoleGovernance, "GET", "/v1/principals?state=pending", "", "")
	if status != http.StatusOK || !strings.Contains(body, `"id":"gwen"`) || strings.Contains(body, `"id":"gina"`) {
		t.Errorf("pending enrolments as an officer: %d %s", status, body)
	}
	for _, role := range []enclave.Role{enclave.RoleOperator, enclave.RoleResearcher, enclave.RoleAuditor} {
		status, ctype, body := api.call(t, role, "POST", "/v1/principals/gwen/approve", "", "")
		wantProblem(t, status, ctype, body, http.StatusForbidden, "role.not_permitted")
	}
	status, _, body = api.call(t, enclave.RoleGovernance, "POST", "/v1/principals/gwen/approve", "application/json", `{"reason":"on the data governance board"}`)
	if status != http.StatusOK || jsonField(t, body, "state") != "active" || jsonField(t, body, "decided_by") != "gina" || jsonField(t, body, "created_by") != "otto" {
		t.Fatalf("approve gwen: %d %s", status, body)
	}
	if status, _, body := api.callAs(t, "gwen", "GET", "/v1/whoami", ""); status != http.StatusOK {
		t.Errorf("the approved officer's token: %d %s", status, body)
	}
	api.refused(t, "governance", "POST", "/v1/principals/gwen/approve", "", "enrolment.not_pending")

	enrol("audra", "auditor")
	api.refused(t, "governance", "POST", "/v1/principals/audra/reject", "", "reason.required")
	status, _, body = api.call(t, enclave.RoleGovernance, "POST", "/v1/principals/audra/reject", "application/json", `{"reason":"not known to the board"}`)
	if status != http.StatusOK || jsonField(t, body, "state") != "refused" {
		t.Fatalf("refuse audra: %d %s", status, body)
	}
	if status, _, _ := api.callAs(t, "audra", "GET", "/v1/whoami", ""); status != http.StatusUnauthorized {
		t.Errorf("the refused auditor's token: %d, want 401", status)
	}
	api.refused(t, "governance", "POST", "/v1/principals/audra/approve", "", "enrolment.not_pending")
	if toks, err := api.tokenStore.Tokens(context.Background(), "audra"); err != nil || len(toks) != 1 || toks[0].RevokedAt == nil {
		t.Errorf("the refused auditor's tokens: %+v %v, want one, revoked", toks, err)
	}
	// Researchers need no approval.
	status, _, body = api.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json", `{"principal":"rhea","role":"researcher","ttl":"1h"}`)
	if status != http.StatusCreated || jsonFieldOr(body, "enrolment", "") != "" {
		t.Errorf("enrol a researcher: %d %s, want 201 and no pending enrolment", status, body)
	}

	for _, c := range []struct{ path, want string }{
		{"/v1/principals?state=approved", "state must be"},
		{"/v1/principals?role=governance", "only state"},
	} {
		status, ctype, body := api.call(t, enclave.RoleOperator, "GET", c.path, "", "")
		wantProblem(t, status, ctype, body, http.StatusBadRequest, c.want)
	}
	status, ctype, body := api.call(t, enclave.RoleGovernance, "POST", "/v1/principals/Not%20An%20Id/approve", "", "")
	wantProblem(t, status, ctype, body, http.StatusBadRequest, "principal id")
	status, ctype, body = api.call(t, enclave.RoleGovernance, "POST", "/v1/principals/nobody/approve", "", "")
	wantProblem(t, status, ctype, body, http.StatusNotFound)

	for _, c := range []struct{ id, kind, outcome string }{
		{"gwen", "principal.approve", "success"}, {"gwen", "principal.approve", "denied"},
		{"audra", "principal.reject", "denied"}, {"audra", "principal.reject", "success"},
	} {
		evs, err := api.auditLog.Events(context.Background(), enclave.AuditFilter{TargetType: "principal", TargetID: c.id, Kind: c.kind, Outcome: c.outcome, After: -1})
		if err != nil || len(evs) == 0 {
			t.Errorf("no %s %s event for %s: %v", c.kind, c.outcome, c.id, err)
		}
	}
}

// TestFourEyesRefusesOfficersLinkedByEnrolment: an officer whose enrolment
// another approved counts as one with them. gina approved gwen's enrolment,
// so gwen may not approve gina's project, and gina may not add her approval
// to gwen's on a held result; an unlinked officer may.
func TestFourEyesRefusesOfficersLinkedByEnrolment(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	status, _, body := q.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json", `{"principal":"gwen","role":"governance"}`)
	if status != http.StatusCreated {
		t.Fatalf("enrol gwen: %d %s", status, body)
	}
	q.mu.Lock()
	q.secret["gwen"] = jsonField(t, body, "token")
	q.mu.Unlock()
	q.mustAct(t, "governance", "POST", "/v1/principals/gwen/approve", "")

	draft := strings.Replace(validDraft, `"rounding":5}`, `"rounding":5},"output_review":true`, 1)
	draft = strings.Replace(draft, `"s251_standard"`, `"consent"`, 1)
	project := "/v1/projects/" + q.mustAct(t, "governance", "POST", "/v1/projects", draft).ID
	q.mustAct(t, "governance", "POST", project+"/submit", "")
	q.refused(t, "gwen", "POST", project+"/approve", "", "approval.enrolment")
	q.mustAct(t, "gov-a", "POST", project+"/approve", "")

	h := q.held(t, "researcher-1", strings.TrimPrefix(project, "/v1/projects/"), bySexJSON)
	path := "/v1/reviews/" + h.ID
	if status, _, body := q.review(t, "gwen", "POST", path+"/approve", ""); status != http.StatusOK {
		t.Fatalf("gwen's approval: %d %s", status, body)
	}
	q.refused(t, "governance", "POST", path+"/approve", "", "review.enrolment")
	q.wantResultAudited(t, h.ID, "review.approve", "denied")
	status, after, body := q.review(t, "gov-b", "POST", path+"/approve", "")
	if status != http.StatusOK || after.State != "released" {
		t.Errorf("an unlinked officer's approval: %d %s", status, body)
	}
}
