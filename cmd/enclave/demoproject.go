package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// demoOfficers are the two governance officers who approve the demo project.
var demoOfficers = [2]enclave.Actor{
	{Principal: enclave.Principal{ID: "demo-governance", Role: enclave.RoleGovernance}},
	{Principal: enclave.Principal{ID: "demo-governance-2", Role: enclave.RoleGovernance}},
}

// demoProject returns the demo's research project, creating it on first
// start as a real one is: drafted and submitted by one officer, approved by
// the other, under s251 support, so both opt-out lists apply.
func (s *service) demoProject(ctx context.Context) (string, error) {
	existing, err := s.Projects.List(ctx, demoOfficers[0])
	if err != nil {
		return "", err
	}
	for _, p := range existing {
		if p.Lead == "demo-researcher" && p.FirstApprovedAt != nil {
			return p.ID, nil
		}
	}
	today := time.Now().UTC()
	p, err := s.Projects.Create(ctx, demoOfficers[0], enclave.ProjectDraft{
		Title:      "Care pathways in Leeds (demo)",
		Purpose:    "Alcohol-related A&E attendance, childhood obesity and chronic kidney disease across age, sex, area and deprivation, on synthetic data.",
		Lead:       "demo-researcher",
		LegalBasis: "s251_standard",
		StartDate:  today.AddDate(0, 0, -1).Format(time.DateOnly),
		ExpiryDate: today.AddDate(1, 0, 0).Format(time.DateOnly),
		Scope: enclave.Scope{
			"patients":       {"sex", "year_of_birth", "lsoa_code", "deprivation_decile"},
			"ae_attendances": {"arrival_date", "age_band", "alcohol_related"},
			"gp_events":      {"event_date", "bmi", "obese", "egfr", "ckd_stage"},
		},
		Disclosure: enclave.Disclosure{Threshold: 10, Rounding: 5},
	})
	if err != nil {
		return "", fmt.Errorf("demo project: %w", err)
	}
	if _, err := s.Projects.Transition(ctx, demoOfficers[0], p.ID, "submit", ""); err != nil {
		return "", fmt.Errorf("demo project: submit: %w", err)
	}
	if _, err := s.Projects.Transition(ctx, demoOfficers[1], p.ID, "approve", ""); err != nil {
		return "", fmt.Errorf("demo project: approve: %w", err)
	}
	return p.ID, nil
}

// printDemoQueries shows a researcher three questions to paste; the
// second, by small area, shows suppression at work.
func printDemoQueries(w io.Writer, project string) {
	fmt.Fprintf(w, `The demo project %[1]s is approved (two officers) and active. As the researcher:

  enclave query run --project %[1]s --sql "SELECT age_band, sex, COUNT(DISTINCT person) FROM ae_attendances JOIN patients USING (person) WHERE alcohol_related GROUP BY age_band, sex"
  enclave query run --project %[1]s --sql "SELECT lsoa_code, COUNT(DISTINCT person) FROM gp_events JOIN patients USING (person) WHERE obese GROUP BY lsoa_code"
  enclave query run --project %[1]s --sql "SELECT ckd_stage, deprivation_decile, COUNT(DISTINCT person) FROM gp_events JOIN patients USING (person) GROUP BY ckd_stage, deprivation_decile"

`, project)
}
