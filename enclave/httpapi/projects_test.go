package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// governanceAPI is a test API with the people of a project's life: two
// officers besides the creator, a lead and two researchers.
func governanceAPI(t testing.TB, catalogueFS ...fs.FS) *testAPI {
	t.Helper()
	api := newTestAPI(t, catalogueFS...)
	api.setClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	for _, id := range []string{"gov-a", "gov-b", "gov-c"} {
		api.enrol(t, id, enclave.RoleGovernance)
	}
	for _, id := range []string{"lead-1", "researcher-1", "researcher-2", "newbie-1"} {
		api.enrol(t, id, enclave.RoleResearcher)
	}
	api.enrol(t, "aud-1", enclave.RoleAuditor)
	return api
}

// project is the JSON answer for a project.
type project struct {
	ID             string
	State          string
	EffectiveState string `json:"effective_state"`
	Approvals      []string
	Submission     int
	Members        []string
	OptOuts        enclave.AppliedOptOuts
	History        []enclave.ProjectHistory
}

// mustAct performs method path as id and wants status 200/201.
func (a *testAPI) mustAct(t testing.TB, id, method, path, body string) project {
	t.Helper()
	status, _, resp := a.callAs(t, id, method, path, body)
	if status != http.StatusOK && status != http.StatusCreated {
		t.Fatalf("%s %s as %s: %d %s", method, path, id, status, resp)
	}
	var p project
	if err := json.Unmarshal([]byte(resp), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// refused performs method path as id and wants a 403 with exactly codes.
func (a *testAPI) refused(t *testing.T, id, method, path, body string, codes ...string) {
	t.Helper()
	status, ctype, resp := a.callAs(t, id, method, path, body)
	wantProblem(t, status, ctype, resp, http.StatusForbidden)
	if got := reasonCodes(t, status, resp); !slices.Equal(got, codes) {
		t.Errorf("%s %s as %s: reasons %v, want %v", method, path, id, got, codes)
	}
}

// draft creates a project as gov-a, led by lead-1 with researcher-1, on
// scope with the rounding base given, and returns its id.
func (a *testAPI) draft(t *testing.T, scope string, rounding int) string {
	t.Helper()
	body := strings.Replace(validDraft, `{"patients":["sex","year_of_birth"]}`, scope, 1)
	body = strings.Replace(body, `"rounding":5`, fmt.Sprintf(`"rounding":%d`, rounding), 1)
	body = strings.Replace(body, `"start_date":"2025-01-01","expiry_date":"2025-12-31"`, `"start_date":"2025-04-01","expiry_date":"2025-09-30"`, 1)
	return a.mustAct(t, "gov-a", "POST", "/v1/projects", body).ID
}

const standardScope = `{"patients":["sex","year_of_birth"]}`

func TestFourEyes(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, standardScope, 5)
	path := "/v1/projects/" + id
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")

	api.refused(t, "gov-a", "POST", path+"/approve", "", "approval.self")
	api.mustAct(t, "gov-b", "POST", path+"/members", `{"principal":"researcher-2"}`)
	p := api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	if p.State != "approved" || p.EffectiveState != "approved" || !slices.Equal(p.Approvals, []string{"gov-b"}) {
		t.Fatalf("after one approval of a standard project: %+v", p)
	}
	api.refused(t, "gov-b", "POST", path+"/approve", "", "approval.duplicate", "project.state_invalid")

	// A change after approval sends it back and clears the approvals.
	p = api.mustAct(t, "gov-c", "PATCH", path, `{"scope":{"patients":["sex"]},"reason":"narrower scope"}`)
	if p.State != "submitted" || len(p.Approvals) != 0 || p.Submission != 2 {
		t.Fatalf("after a change to an approved project: %+v", p)
	}
	api.wantAudited(t, id, "project.update", "success")
	api.refused(t, "gov-a", "POST", path+"/approve", "", "approval.self")
	api.mustAct(t, "gov-b", "POST", path+"/approve", "")

	// Denials were audited with their reasons.
	evs, err := api.auditLog.Events(context.Background(), enclave.AuditFilter{TargetID: id, Outcome: "denied", After: -1})
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, ev := range evs {
		reasons = append(reasons, ev.Decision.Reasons...)
	}
	if !slices.Equal(reasons, []string{"approval.self", "approval.duplicate", "project.state_invalid", "approval.self"}) {
		t.Errorf("denied events' reasons: %v", reasons)
	}
}

func TestSensitiveProjectNeedsTwoDistinctOfficers(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, `{"social_care":["service_type"]}`, 10)
	path := "/v1/projects/" + id
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	p := api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	if p.State != "submitted" || !slices.Equal(p.Approvals, []string{"gov-b"}) {
		t.Fatalf("after one of two approvals: %+v", p)
	}
	api.refused(t, "gov-b", "POST", path+"/approve", "", "approval.duplicate")
	p = api.mustAct(t, "gov-c", "POST", path+"/approve", "")
	if p.State != "approved" || !slices.Equal(p.Approvals, []string{"gov-b", "gov-c"}) {
		t.Fatalf("after two approvals: %+v", p)
	}
}

func TestMemberCannotApprove(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, standardScope, 5)
	// An officer cannot be made a member: members are researchers.
	status, ctype, body := api.callAs(t, "gov-b", "POST", "/v1/projects/"+id+"/members", `{"principal":"gov-c"}`)
	wantProblem(t, status, ctype, body, http.StatusBadRequest, "not a researcher")
	// So a member who approves can only arise from a seeded record: the
	// policy still refuses it.
	m := loadMatrix(t)
	pid := api.seedProject(t, m.BaseProject, map[string]any{
		"state": "submitted", "members": []any{"researcher-1", "gov-c"}, "created_by": "gov-a", "lead": "lead-1",
		"start_date": "2025-04-01", "expiry_date": "2025-09-30",
	})
	api.refused(t, "gov-c", "POST", "/v1/projects/"+pid+"/approve", "", "approval.member")
}

func TestApprovalOfExpiredProjectAndExpiryWithoutRestart(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, standardScope, 5)
	path := "/v1/projects/" + id
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	api.setClock(time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)) // the day after the expiry date
	api.refused(t, "gov-b", "POST", path+"/approve", "", "project.expired")

	id = api.draft(t, standardScope, 5)
	path = "/v1/projects/" + id
	api.setClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	use := func() error {
		_, _, err := api.projects.Use(context.Background(), enclave.Actor{Principal: enclave.Principal{ID: "researcher-1", Role: enclave.RoleResearcher}}, id)
		return err
	}
	for _, c := range []struct {
		now       time.Time
		effective string
		reason    string
	}{
		{time.Date(2025, 3, 31, 23, 59, 59, 0, time.UTC), "approved", "project.not_active"},
		{time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), "active", ""},
		{time.Date(2025, 9, 30, 23, 59, 59, 0, time.UTC), "active", ""},
		{time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), "expired", "project.expired"},
	} {
		api.setClock(c.now)
		api.loadOptOutLists(t)
		if p := api.mustAct(t, "researcher-1", "GET", path, ""); p.EffectiveState != c.effective {
			t.Errorf("at %s: effective state %s, want %s", c.now, p.EffectiveState, c.effective)
		}
		err := use()
		if got := strings.Join(outcomeOf(err).codes, ","); got != c.reason {
			t.Errorf("at %s: use refused with %q, want %q (%v)", c.now, got, c.reason, err)
		}
	}
}

func TestRejectAndReturnNeedReasons(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, standardScope, 5)
	path := "/v1/projects/" + id
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	api.refused(t, "gov-b", "POST", path+"/reject", "", "reason.required")
	api.refused(t, "gov-b", "POST", path+"/return", `{"reason":"   "}`, "reason.required")
	p := api.mustAct(t, "gov-b", "POST", path+"/return", `{"reason":"purpose too vague"}`)
	if p.State != "draft" {
		t.Fatalf("returned project is %s", p.State)
	}
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	p = api.mustAct(t, "gov-b", "POST", path+"/reject", `{"reason":"no legal basis for linkage"}`)
	last := p.History[len(p.History)-1]
	if p.State != "rejected" || last.Actor != "gov-b" || last.Reason != "no legal basis for linkage" || last.StateBefore != "submitted" {
		t.Fatalf("rejected project %+v, last history %+v", p, last)
	}
}

func TestSuspendResumeClose(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, standardScope, 5)
	path := "/v1/projects/" + id
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	api.setClock(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))
	for _, step := range []struct{ action, body, state string }{
		{"suspend", `{"reason":"data breach under investigation"}`, "suspended"},
		{"resume", "", "active"},
		{"close", `{"reason":"study complete"}`, "closed"},
	} {
		if p := api.mustAct(t, "gov-c", "POST", path+"/"+step.action, step.body); p.State != step.state {
			t.Fatalf("%s: state %s, want %s", step.action, p.State, step.state)
		}
		api.wantAudited(t, id, "project."+step.action, "success")
	}
	api.refused(t, "gov-c", "POST", path+"/resume", "", "project.state_invalid")
}

// TestUseNeedsFreshOptOutLists: a project whose legal basis applies the
// national data opt-out gets no data while that list is missing or stale;
// a consent project does not need it.
func TestUseNeedsFreshOptOutLists(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	use := func(id string) string {
		_, _, err := api.projects.Use(context.Background(), enclave.Actor{Principal: enclave.Principal{ID: "researcher-1", Role: enclave.RoleResearcher}}, id)
		return strings.Join(outcomeOf(err).codes, ",")
	}
	approve := func(body string) string {
		id := api.mustAct(t, "gov-a", "POST", "/v1/projects", body).ID
		api.mustAct(t, "gov-a", "POST", "/v1/projects/"+id+"/submit", "")
		api.mustAct(t, "gov-b", "POST", "/v1/projects/"+id+"/approve", "")
		return id
	}
	s251 := approve(validDraft)
	consent := approve(strings.Replace(validDraft, `"s251_standard"`, `"consent"`, 1))
	if got := use(s251); got != "optout.missing,optout.missing" {
		t.Errorf("s251 project without lists: %q", got)
	}
	if got := use(consent); got != "" {
		t.Errorf("consent project without lists: %q", got)
	}
	api.loadOptOutLists(t)
	if got := use(s251); got != "" {
		t.Errorf("s251 project with fresh lists: %q", got)
	}
	api.setClock(api.clock().Add(36 * 24 * time.Hour))
	if got := use(s251); got != "optout.stale,optout.stale" {
		t.Errorf("s251 project with lists 36 days old: %q", got)
	}
	api.wantAudited(t, s251, "project.use", "denied")
}
