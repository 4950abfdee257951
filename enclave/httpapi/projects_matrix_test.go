package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// governanceMatrix is policies/testdata/governance_matrix.json: the cases
// the Rego tests run against the policy, run here through the API, the
// service and a real database.
type governanceMatrix struct {
	Now           string                             `json:"now"`
	BaseProject   map[string]any                     `json:"base_project"`
	StateFixtures map[string]map[string]any          `json:"state_fixtures"`
	Outcomes      map[string]map[string][]string     `json:"outcomes"`
	Access        map[string]map[enclave.Role]string `json:"access"`
}

func loadMatrix(t *testing.T) governanceMatrix {
	t.Helper()
	raw, err := os.ReadFile("../../policies/testdata/governance_matrix.json")
	if err != nil {
		t.Fatal(err)
	}
	var m governanceMatrix
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// matrixCallers are the matrix's callers: every role, and a researcher
// outside the project. researcher-1 is a member of base_project.
var matrixCallers = map[string]enclave.Principal{
	"anonymous":  enclave.Anonymous,
	"researcher": {ID: "researcher-1", Role: enclave.RoleResearcher},
	"outsider":   {ID: "outsider-1", Role: enclave.RoleResearcher},
	"governance": {ID: "governance-1", Role: enclave.RoleGovernance},
	"auditor":    {ID: "auditor-1", Role: enclave.RoleAuditor},
	"operator":   {ID: "operator-1", Role: enclave.RoleOperator},
}

// TestProjectMatrix walks every project action in every effective state as
// every caller: allowed actions succeed and write their change, refused
// ones fail with the status and exact reason codes the matrix gives, and
// every refusal of an authenticated caller is in the audit log.
func TestProjectMatrix(t *testing.T) {
	t.Parallel()
	m := loadMatrix(t)
	api := newTestAPI(t)
	now, err := time.Parse(time.RFC3339, m.Now)
	if err != nil {
		t.Fatal(err)
	}
	api.setClock(now)
	for _, p := range matrixCallers {
		if p.Role != enclave.RoleAnonymous {
			api.enrol(t, p.ID, p.Role)
		}
	}
	for _, id := range []string{"creator-1", "lead-1", "researcher-2", "newbie-1"} {
		api.enrol(t, id, enclave.RoleResearcher)
	}
	api.loadOptOutLists(t)

	cases := 0
	for _, action := range slices.Sorted(maps.Keys(m.Outcomes)) {
		for _, state := range slices.Sorted(maps.Keys(m.Outcomes[action])) {
			for _, caller := range slices.Sorted(maps.Keys(matrixCallers)) {
				cases++
				t.Run(fmt.Sprintf("%s in %s as %s", action, state, caller), func(t *testing.T) {
					t.Parallel()
					id := ""
					if state != "none" {
						id = api.seedProject(t, m.BaseProject, m.StateFixtures[state])
					}
					got := api.performAs(t, matrixCallers[caller], action, id)
					want := m.expect(action, state, caller)
					if got.status != want.status || !slices.Equal(got.codes, want.codes) {
						t.Fatalf("got %d %v, want %d %v: %s", got.status, got.codes, want.status, want.codes, got.body)
					}
					p := matrixCallers[caller]
					switch {
					case caller == "anonymous" || want.status < 400:
					case officersOnly(action) && p.Role != enclave.RoleGovernance:
						// Refused at the router, before the request is read.
						api.wantRouterRefusal(t, p.ID)
					case id != "":
						api.wantAudited(t, id, action, "denied")
					}
					if want.status < 300 && action != "project.view" && action != "project.use" {
						api.wantAudited(t, jsonFieldOr(got.body, "id", id), action, "success")
					}
				})
			}
		}
	}
	if want := 8*12*len(matrixCallers) + len(matrixCallers); cases != want {
		t.Errorf("%d cases, want %d", cases, want)
	}
}

// officersOnly are the actions whose routes only governance officers may
// call: the router refuses everyone else before the governance policy sees
// the project.
func officersOnly(action string) bool { return action != "project.view" && action != "project.use" }

// wantRouterRefusal checks that the router's refusal of principal is in the
// audit log.
func (a *testAPI) wantRouterRefusal(t *testing.T, principal string) {
	t.Helper()
	evs, err := a.auditLog.Events(context.Background(), enclave.AuditFilter{
		Principal: principal, Kind: "access.denied", Outcome: "denied", After: -1,
	})
	if err != nil || len(evs) == 0 {
		t.Errorf("no access.denied audit event for %s (%v)", principal, err)
	}
}

type outcome struct {
	status int
	codes  []string
	body   string
}

// expect is what the API answers: the matrix's reason codes, with the
// status each denial maps to. A researcher outside the project is told it
// does not exist.
func (m governanceMatrix) expect(action, state, caller string) outcome {
	p := matrixCallers[caller]
	switch {
	case caller == "anonymous":
		return outcome{status: http.StatusUnauthorized, codes: []string{"auth.required"}}
	case m.Access[action][p.Role] == "":
		return outcome{status: http.StatusForbidden, codes: []string{"role.not_permitted"}}
	case caller == "outsider":
		return outcome{status: http.StatusNotFound}
	case len(m.Outcomes[action][state]) > 0:
		return outcome{status: http.StatusForbidden, codes: m.Outcomes[action][state]}
	case action == "project.create":
		return outcome{status: http.StatusCreated}
	}
	return outcome{status: http.StatusOK}
}

// performAs takes action on project id as p, through the API (project.use
// through the service: queries, which use projects, come later).
func (a *testAPI) performAs(t *testing.T, p enclave.Principal, action, id string) outcome {
	t.Helper()
	const reason = `"reason":"documented reason"`
	var method, path, body string
	switch action {
	case "project.create":
		method, path, body = "POST", "/v1/projects", validDraft
	case "project.view":
		method, path = "GET", "/v1/projects/"+id
	case "project.update":
		method, path, body = "PATCH", "/v1/projects/"+id, `{"title":"A better title",`+reason+`}`
	case "project.member_add":
		method, path, body = "POST", "/v1/projects/"+id+"/members", `{"principal":"newbie-1",`+reason+`}`
	case "project.member_remove":
		method, path = "DELETE", "/v1/projects/"+id+"/members/researcher-2?reason=documented+reason"
	case "project.use":
		_, _, err := a.projects.Use(context.Background(), enclave.Actor{Principal: p}, id)
		return outcomeOf(err)
	default:
		method, path, body = "POST", "/v1/projects/"+id+"/"+strings.TrimPrefix(action, "project."), `{`+reason+`}`
	}
	status, _, resp := a.callAs(t, p.ID, method, path, body)
	return outcome{status: status, codes: reasonCodes(t, status, resp), body: resp}
}

// outcomeOf turns a service error into what the API would answer.
func outcomeOf(err error) outcome {
	if err == nil {
		return outcome{status: http.StatusOK}
	}
	e, _ := err.(*enclave.Error)
	if e == nil {
		return outcome{status: http.StatusInternalServerError, body: err.Error()}
	}
	o := outcome{status: status(e.Code), body: e.Error()}
	for _, r := range e.Reasons {
		o.codes = append(o.codes, r.Code)
	}
	return o
}

// reasonCodes reads the reason codes of a problem answer, in order.
func reasonCodes(t *testing.T, status int, body string) []string {
	t.Helper()
	if status < 400 {
		return nil
	}
	var p struct{ Reasons []enclave.Reason }
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("problem body: %v: %s", err, body)
	}
	var codes []string
	for _, r := range p.Reasons {
		codes = append(codes, r.Code)
	}
	return codes
}

// wantAudited checks that the audit log holds an event of kind with
// outcome about project id.
func (a *testAPI) wantAudited(t *testing.T, id, kind, outcome string) {
	t.Helper()
	evs, err := a.auditLog.Events(context.Background(), enclave.AuditFilter{
		TargetType: "project", TargetID: id, Kind: kind, Outcome: outcome, After: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 {
		t.Errorf("no %s audit event with outcome %s for the project", kind, outcome)
	}
}
