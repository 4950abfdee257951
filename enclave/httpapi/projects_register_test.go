package httpapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// TestOptOutsFollowTheLegalBasis creates a project under every legal basis
// and checks the opt-out lists stored with it and with its history entry.
func TestOptOutsFollowTheLegalBasis(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	want := map[string]enclave.AppliedOptOuts{
		"consent":           {},
		"s251_standard":     {NDOO: true, Type1: true},
		"s251_exempt":       {Type1: true},
		"copi":              {},
		"legal_requirement": {},
		"anonymised":        {},
	}
	for basis, w := range want {
		body := strings.Replace(validDraft, `"s251_standard"`, `"`+basis+`"`, 1)
		p := api.mustAct(t, "gov-a", "POST", "/v1/projects", body)
		got := api.mustAct(t, "gov-a", "GET", "/v1/projects/"+p.ID, "")
		if got.OptOuts != w || got.History[0].OptOuts != w {
			t.Errorf("%s: optouts %+v, history %+v, want %+v", basis, got.OptOuts, got.History[0].OptOuts, w)
		}
	}
	body := strings.Replace(validDraft, `"s251_standard"`, `"implied_consent"`, 1)
	api.refused(t, "gov-a", "POST", "/v1/projects", body, "legal_basis.unknown")
}

func TestProjectInputErrorsNameTheField(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	for _, c := range []struct{ from, to, want string }{
		{`{"patients":["sex","year_of_birth"]}`, `{"prescriptions":["drug"]}`, `dataset \"prescriptions\" is not in the catalogue`},
		{`{"patients":["sex","year_of_birth"]}`, `{"gp_events":["practice_code"]}`, "gp_events.practice_code is not a column a project may use"},
		{`{"patients":["sex","year_of_birth"]}`, `{"patients":["pid"]}`, "patients.pid is not a column a project may use"},
		{`{"patients":["sex","year_of_birth"]}`, `{}`, "scope must name at least one dataset"},
		{`"2025-12-31"`, `"2025-13-01"`, "expiry_date must be a date"},
		{`"lead":"lead-1"`, `"lead":"gov-b"`, "lead: gov-b is not a researcher"},
		{`"members":["researcher-1"]`, `"members":["lead-1"]`, "members: lead-1 is the project's lead"},
		{`"title":"Childhood obesity in Leeds"`, `"title":" "`, "title is required"},
		{`"threshold":10`, `"threshold":0`, "disclosure.threshold and disclosure.rounding"},
	} {
		body := strings.Replace(validDraft, c.from, c.to, 1)
		status, ctype, resp := api.callAs(t, "gov-a", "POST", "/v1/projects", body)
		wantProblem(t, status, ctype, resp, http.StatusBadRequest, c.want)
	}
	api.refused(t, "gov-a", "POST", "/v1/projects", strings.Replace(validDraft, `"threshold":10`, `"threshold":5`, 1), "disclosure.too_loose")
	api.refused(t, "gov-a", "POST", "/v1/projects", strings.Replace(validDraft, `"2025-12-31"`, `"2024-12-31"`, 1), "dates.invalid")
}

// TestRegisterIsPublicAndMinimal: the register lists approved projects,
// closed ones included, with the published fields only.
func TestRegisterIsPublicAndMinimal(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	approved := api.draft(t, standardScope, 5)
	api.mustAct(t, "gov-a", "POST", "/v1/projects/"+approved+"/submit", "")
	api.mustAct(t, "gov-b", "POST", "/v1/projects/"+approved+"/approve", "")
	api.mustAct(t, "gov-b", "POST", "/v1/projects/"+approved+"/close", `{"reason":"finished"}`)
	submitted := api.draft(t, standardScope, 5)
	api.mustAct(t, "gov-a", "POST", "/v1/projects/"+submitted+"/submit", "")

	status, _, body := api.callAs(t, "", "GET", "/v1/register", "")
	if status != http.StatusOK {
		t.Fatalf("register: %d %s", status, body)
	}
	var reg struct{ Projects []map[string]any }
	if err := json.Unmarshal([]byte(body), &reg); err != nil {
		t.Fatal(err)
	}
	if len(reg.Projects) != 1 {
		t.Fatalf("register lists %d projects, want the approved one: %s", len(reg.Projects), body)
	}
	var keys []string
	for k := range reg.Projects[0] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"approved_on", "datasets", "expiry_date", "legal_basis", "purpose", "start_date", "title"}; !slices.Equal(keys, want) {
		t.Errorf("register fields %v, want %v", keys, want)
	}
	if !strings.Contains(body, "Childhood obesity in Leeds") {
		t.Errorf("the register lacks the approved title: %s", body)
	}
	for _, leak := range []string{"lead-1", "researcher-1", "gov-", approved} {
		if strings.Contains(body, leak) {
			t.Errorf("register mentions %q: %s", leak, body)
		}
	}
}

// TestConcurrentApprovalsAreDecidedInTurn: two officers approving a
// standard project at once; the row lock makes the second see the first.
func TestConcurrentApprovalsAreDecidedInTurn(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, standardScope, 5)
	api.mustAct(t, "gov-a", "POST", "/v1/projects/"+id+"/submit", "")
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i, officer := range []string{"gov-b", "gov-c"} {
		wg.Go(func() {
			statuses[i], _, _ = api.callAs(t, officer, "POST", "/v1/projects/"+id+"/approve", "")
		})
	}
	wg.Wait()
	slices.Sort(statuses)
	if !slices.Equal(statuses, []int{http.StatusOK, http.StatusForbidden}) {
		t.Fatalf("statuses %v, want one approval and one refusal", statuses)
	}
	p := api.mustAct(t, "gov-a", "GET", "/v1/projects/"+id, "")
	if p.State != "approved" || len(p.Approvals) != 1 {
		t.Errorf("after racing approvals: %+v", p)
	}
}

func TestListShowsResearchersTheirOwnProjects(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	mine := api.draft(t, standardScope, 5)
	other := strings.Replace(validDraft, `"members":["researcher-1"]`, `"members":["researcher-2"]`, 1)
	theirs := api.mustAct(t, "gov-a", "POST", "/v1/projects", other).ID
	ids := func(who string) []string {
		status, _, body := api.callAs(t, who, "GET", "/v1/projects", "")
		if status != http.StatusOK {
			t.Fatalf("list as %s: %d %s", who, status, body)
		}
		var l struct{ Projects []project }
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range l.Projects {
			out = append(out, p.ID)
		}
		slices.Sort(out)
		return out
	}
	both := []string{mine, theirs}
	slices.Sort(both)
	if got := ids("researcher-1"); !slices.Equal(got, []string{mine}) {
		t.Errorf("researcher-1 sees %v, want %v", got, []string{mine})
	}
	if got := ids("aud-1"); !slices.Equal(got, both) {
		t.Errorf("auditor sees %v, want %v", got, both)
	}
	status, ctype, body := api.callAs(t, "researcher-1", "GET", "/v1/projects/"+theirs, "")
	wantProblem(t, status, ctype, body, http.StatusNotFound, "no such project")
}

// TestConcurrentApprovalsOfASensitiveProject: two officers approving at
// once a project that needs both; the second decision sees the first's
// approval, so the project ends approved with both.
func TestConcurrentApprovalsOfASensitiveProject(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	for round := range 5 {
		id := api.draft(t, `{"social_care":["service_type"]}`, 10)
		api.mustAct(t, "gov-a", "POST", "/v1/projects/"+id+"/submit", "")
		var wg sync.WaitGroup
		for _, officer := range []string{"gov-b", "gov-c"} {
			wg.Go(func() { api.callAs(t, officer, "POST", "/v1/projects/"+id+"/approve", "") })
		}
		wg.Wait()
		if p := api.mustAct(t, "gov-a", "GET", "/v1/projects/"+id, ""); p.State != "approved" || len(p.Approvals) != 2 {
			t.Fatalf("round %d: after two racing approvals: state %s, approvals %v", round, p.State, p.Approvals)
		}
	}
}

// TestRegisterShowsTheApprovedVersion: a change after approval, awaiting a
// new approval, does not reach the public register until it is approved.
func TestRegisterShowsTheApprovedVersion(t *testing.T) {
	t.Parallel()
	api := governanceAPI(t)
	id := api.draft(t, standardScope, 5)
	path := "/v1/projects/" + id
	api.mustAct(t, "gov-a", "POST", path+"/submit", "")
	api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	api.mustAct(t, "gov-a", "PATCH", path, `{"title":"Something else entirely","reason":"retitled"}`)
	register := func() string {
		_, _, body := api.callAs(t, "", "GET", "/v1/register", "")
		return body
	}
	if body := register(); !strings.Contains(body, "Childhood obesity in Leeds") || strings.Contains(body, "Something else") {
		t.Errorf("awaiting approval, the register shows: %s", body)
	}
	api.mustAct(t, "gov-b", "POST", path+"/approve", "")
	if body := register(); !strings.Contains(body, "Something else entirely") || strings.Count(body, `"title"`) != 1 {
		t.Errorf("once approved again, the register shows: %s", body)
	}
}
