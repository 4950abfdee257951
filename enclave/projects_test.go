package enclave_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// reasonCodes returns the reason codes of a refusal.
func reasonCodes(err error) []string {
	var e *enclave.Error
	if !errors.As(err, &e) {
		return nil
	}
	var codes []string
	for _, r := range e.Reasons {
		codes = append(codes, r.Code)
	}
	return codes
}

// TestProjectsRefusalsAreDecidedAndAudited runs governance actions the
// policy refuses, and wants each refused with the policy's reason and
// audited as denied with its decision.
func TestProjectsRefusalsAreDecidedAndAudited(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	draft, err := e.Projects.Create(ctx, st.GovA, st.Draft())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Projects.Transition(ctx, st.GovA, draft.ID, "submit", ""); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		act    func() error
		kind   audit.Kind
		want   enclave.Code
		reason string
	}{
		{"a researcher creates a project", func() error { _, err := e.Projects.Create(ctx, st.Researcher, st.Draft()); return err },
			"project.create", enclave.CodeForbidden, "role.not_permitted"},
		{"an officer approves their own project", func() error { _, err := e.Projects.Transition(ctx, st.GovA, draft.ID, "approve", ""); return err },
			"project.approve", enclave.CodeForbidden, "approval.self"},
		// The policy lets an outsider learn nothing: not even that it exists.
		{"an outsider reads a project", func() error { _, err := e.Projects.Get(ctx, st.Outsider, draft.ID); return err },
			"project.view", enclave.CodeNotFound, "member.not_in_project"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := len(e.Events(t, enclave.AuditFilter{Kind: string(tt.kind), Outcome: string(audit.OutcomeDenied)}))
			err := tt.act()
			if enclave.ErrorCode(err) != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
			evs := e.Events(t, enclave.AuditFilter{Kind: string(tt.kind), Outcome: string(audit.OutcomeDenied)})
			if len(evs) != before+1 {
				t.Fatalf("%d denials of %s audited, want 1", len(evs)-before, tt.kind)
			}
			d := evs[len(evs)-1].Decision
			if d == nil || d.Allow || !slices.Contains(d.Reasons, tt.reason) || d.Revision != e.Policy.Revision() {
				t.Errorf("audited decision %+v, want a denial for %s by the loaded policy", d, tt.reason)
			}
			if tt.want == enclave.CodeForbidden && !slices.Contains(reasonCodes(err), tt.reason) {
				t.Errorf("refusal reasons %v, want %s", reasonCodes(err), tt.reason)
			}
		})
	}
	if p, err := e.Projects.Transition(ctx, st.GovB, draft.ID, "approve", ""); err != nil || p.State != "approved" {
		t.Fatalf("another officer's approval: %+v, %v", p, err)
	}
	evs := e.Events(t, enclave.AuditFilter{Kind: "project.approve", Outcome: string(audit.OutcomeSuccess), TargetID: draft.ID})
	if len(evs) != 1 || evs[0].Principal != "gov-b" {
		t.Errorf("project.approve success events = %+v, want one by gov-b", evs)
	}
}

// TestProjectsRefuseNothingUnaudited: a refusal the log cannot record is
// answered unavailable, and nothing is created.
func TestProjectsRefuseNothingUnaudited(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	e.FailRecord(true)
	_, err := e.Projects.Create(ctx, st.Researcher, st.Draft())
	e.FailRecord(false)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || !errors.Is(err, st.ErrRecord) {
		t.Errorf("refusal with the log refusing writes = %v, want unavailable", err)
	}
	if ps, err := e.Projects.List(ctx, st.GovA); err != nil || len(ps) != 0 {
		t.Errorf("projects after a refused create = %+v, %v; want none", ps, err)
	}
}
