package policies

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// testProject is a stored project on the input contract of governance.rego,
// with change applied: an s251 project (both opt-outs apply) running in
// 2025, created by cora, led by lena, with rita as a member.
func testProject(change func(*enclave.ProjectRecord)) *enclave.ProjectRecord {
	p := &enclave.ProjectRecord{
		ID: "p-1", State: "approved", CreatedBy: "cora", Lead: "lena",
		Members: []string{"rita"}, Approvals: []string{}, LegalBasis: "s251_standard",
		StartDate: "2025-01-01", ExpiryDate: "2025-12-31",
	}
	if change != nil {
		change(p)
	}
	return p
}

var testSettings = &enclave.ApprovalRecord{Required: 1, RequiredSensitive: 2}

func projectInput(p enclave.Principal, action, now string, project *enclave.ProjectRecord) enclave.PolicyInput {
	return enclave.PolicyInput{Principal: p, Action: action, Resource: enclave.ProjectResource{
		Now:         clock(now),
		Settings:    testSettings,
		Project:     project,
		OptOutLists: map[string]string{"ndoo": "ready", "type1": "ready"},
		Enrolments:  unlinked(append([]string{p.ID, project.CreatedBy}, project.Approvals...)...),
	}}
}

// clock is the policy clock at RFC 3339 time s.
func clock(s string) enclave.PolicyTime {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return enclave.PolicyTime(t)
}

// unlinked is the enrolments input of the principals ids as if
// bootstrapped: no one enrolled or approved them.
func unlinked(ids ...string) map[string]enclave.EnrolmentLink {
	e := map[string]enclave.EnrolmentLink{}
	for _, id := range ids {
		e[id] = enclave.EnrolmentLink{}
	}
	return e
}

// TestDecideGovernance runs project actions through the real engine and the
// single entry point, as the service will.
func TestDecideGovernance(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	rita := as(enclave.RoleResearcher, "rita")
	gita := as(enclave.RoleGovernance, "gita")
	const now = "2025-06-15T10:00:00Z"
	tests := []struct {
		name            string
		in              enclave.PolicyInput
		wantAllow       bool
		wantCodes       []string
		wantObligations string // JSON
	}{
		{
			"member uses an active project",
			projectInput(rita, "project.use", now, testProject(nil)),
			true, []string{"project.member"},
			`{"effective_state":"active","optouts":{"ndoo":true,"type1":true}}`,
		},
		{
			"member uses a consent project",
			projectInput(rita, "project.use", now, testProject(func(p *enclave.ProjectRecord) { p.LegalBasis = "consent" })),
			true, []string{"project.member"},
			`{"effective_state":"active","optouts":{"ndoo":false,"type1":false}}`,
		},
		{
			"outsider uses a project",
			projectInput(as(enclave.RoleResearcher, "olly"), "project.use", now, testProject(nil)),
			false, []string{"member.not_in_project"}, `{}`,
		},
		{
			"member uses a suspended project",
			projectInput(rita, "project.use", now, testProject(func(p *enclave.ProjectRecord) { p.State = "suspended" })),
			false, []string{"project.suspended"},
			`{"effective_state":"suspended","optouts":{"ndoo":true,"type1":true}}`,
		},
		{
			"unknown legal basis",
			projectInput(rita, "project.use", now, testProject(func(p *enclave.ProjectRecord) { p.LegalBasis = "implied" })),
			false, []string{"legal_basis.unknown"}, `{"effective_state":"active"}`,
		},
		{
			"officer approves",
			projectInput(gita, "project.approve", now, testProject(func(p *enclave.ProjectRecord) { p.State = "submitted" })),
			true, []string{"role.permitted"},
			`{"approvals_after":1,"approvals_required":1,"effective_state":"submitted","optouts":{"ndoo":true,"type1":true},"state_after":"approved"}`,
		},
		{
			"first of two approvals of a sensitive project",
			projectInput(gita, "project.approve", now, testProject(func(p *enclave.ProjectRecord) { p.State, p.Sensitive = "submitted", true })),
			true, []string{"role.permitted"},
			`{"approvals_after":1,"approvals_required":2,"effective_state":"submitted","optouts":{"ndoo":true,"type1":true},"state_after":"submitted"}`,
		},
		{
			"creator approves",
			projectInput(as(enclave.RoleGovernance, "cora"), "project.approve", now, testProject(func(p *enclave.ProjectRecord) { p.State = "submitted" })),
			false, []string{"approval.self"},
			`{"effective_state":"submitted","optouts":{"ndoo":true,"type1":true}}`,
		},
		{
			"suspend without a reason",
			projectInput(gita, "project.suspend", now, testProject(nil)),
			false, []string{"reason.required"},
			`{"effective_state":"active","optouts":{"ndoo":true,"type1":true}}`,
		},
		{
			"member added after approval",
			projectInput(gita, "project.member_add", now, testProject(func(p *enclave.ProjectRecord) { p.Approvals = []string{"gita", "gus"} })),
			true, []string{"role.permitted"},
			`{"effective_state":"active","optouts":{"ndoo":true,"type1":true},"reset_approvals":true,"state_after":"submitted"}`,
		},
		{
			"operator views a project",
			projectInput(as(enclave.RoleOperator, "olga"), "project.view", now, testProject(nil)),
			false, []string{"role.not_permitted"}, `{}`,
		},
		{
			"anonymous views a project",
			projectInput(enclave.Anonymous, "project.view", now, testProject(nil)),
			false, []string{"auth.required"}, `{}`,
		},
		{
			"no project",
			enclave.PolicyInput{Principal: rita, Action: "project.use", Resource: enclave.ProjectResource{Now: clock(now)}},
			false, []string{"input.invalid", "input.invalid"}, `{}`, // no project, no opt-out list states
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := e.Decide(t.Context(), tt.in)
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			checkDecision(t, d, tt.wantAllow, tt.wantCodes, tt.wantObligations)
		})
	}
}

func checkDecision(t *testing.T, d enclave.Decision, wantAllow bool, wantCodes []string, wantObligations string) {
	t.Helper()
	var codes []string
	for _, r := range d.Reasons {
		codes = append(codes, r.Code)
		if r.Message == "" {
			t.Errorf("reason %s has no message", r.Code)
		}
	}
	if d.Allow != wantAllow || !slices.Equal(codes, wantCodes) {
		t.Errorf("Decide = allow %v, codes %v; want allow %v, codes %v", d.Allow, codes, wantAllow, wantCodes)
	}
	// encoding/json sorts object keys, so equal obligations encode equally.
	got, err := json.Marshal(d.Obligations)
	if err != nil {
		t.Fatalf("encode obligations: %v", err)
	}
	if string(got) != wantObligations {
		t.Errorf("Obligations = %s, want %s", got, wantObligations)
	}
}

// TestGovernanceMemoKeepsClocksApart checks that two inputs differing only in
// the injected clock are decided apart: the last day of a project and the
// day after it, asked in turn on one engine.
func TestGovernanceMemoKeepsClocksApart(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	rita := as(enclave.RoleResearcher, "rita")
	project := testProject(func(p *enclave.ProjectRecord) { p.State = "active" })
	lastDay := projectInput(rita, "project.use", "2025-12-31T23:59:59Z", project)
	dayAfter := projectInput(rita, "project.use", "2026-01-01T00:00:00Z", project)
	for round := range 3 {
		d, err := e.Decide(t.Context(), lastDay)
		if err != nil {
			t.Fatalf("round %d, last day: %v", round, err)
		}
		checkDecision(t, d, true, []string{"project.member"}, `{"effective_state":"active","optouts":{"ndoo":true,"type1":true}}`)

		d, err = e.Decide(t.Context(), dayAfter)
		if err != nil {
			t.Fatalf("round %d, day after: %v", round, err)
		}
		checkDecision(t, d, false, []string{"project.expired"}, `{"effective_state":"expired","optouts":{"ndoo":true,"type1":true}}`)
	}
}

// TestMemoKeepsNestedObligations changes a nested obligation of a decision
// and checks that the next caller still gets the opt-outs as decided: a
// shallow copy would let one caller switch the opt-outs off for the next.
func TestMemoKeepsNestedObligations(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	in := projectInput(as(enclave.RoleResearcher, "rita"), "project.use", "2025-06-15T10:00:00Z", testProject(nil))
	first, err := e.Decide(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	optouts, ok := first.Obligations["optouts"].(map[string]any)
	if !ok {
		t.Fatalf("optouts = %T, want an object", first.Obligations["optouts"])
	}
	optouts["ndoo"] = false
	optouts["type1"] = false

	second, err := e.Decide(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkDecision(t, second, true, []string{"project.member"}, `{"effective_state":"active","optouts":{"ndoo":true,"type1":true}}`)
}
