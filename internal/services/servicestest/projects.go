package servicestest

import (
	"context"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// Draft is a project officers may create and approve: lead-1 leads it,
// researcher-1 is a member, under s251 support, on standard datasets at
// their minimum disclosure settings.
func Draft() enclave.ProjectDraft {
	return enclave.ProjectDraft{
		Title: "Childhood obesity in Leeds", Purpose: "How BMI in childhood relates to later care.",
		Lead: Lead.Principal.ID, Members: []string{Researcher.Principal.ID}, LegalBasis: "s251_standard",
		StartDate: "2025-01-01", ExpiryDate: "2025-12-31",
		Scope: enclave.Scope{
			"patients":       {"sex", "year_of_birth"},
			"ae_attendances": {"alcohol_related", "age_band", "arrival_date", "wait_minutes"},
		},
		Disclosure: enclave.Disclosure{Threshold: 10, Rounding: 5},
	}
}

// Approved creates draft as gov-a, submits it and has gov-b approve it,
// and returns the approved project.
func (e *Env) Approved(t testing.TB, draft enclave.ProjectDraft) enclave.Project {
	t.Helper()
	ctx := context.Background()
	p, err := e.Projects.Create(ctx, GovA, draft)
	must(t, err)
	_, err = e.Projects.Transition(ctx, GovA, p.ID, "submit", "")
	must(t, err)
	p, err = e.Projects.Transition(ctx, GovB, p.ID, "approve", "")
	must(t, err)
	return p
}
