package enclave_test

import (
	"reflect"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// approvedProject is a project exactly as the version it carries.
func approvedProject() enclave.Project {
	return enclave.Project{
		Title: "Waits", Purpose: "Why waits grow.", LegalBasis: "s251_standard", Lead: "lead-1", Members: []string{"r1", "r2"},
		StartDate: "2025-01-01", ExpiryDate: "2025-12-31", Scope: enclave.Scope{"patients": {"sex", "year_of_birth"}},
		Disclosure: enclave.Disclosure{Threshold: 10, Rounding: 5},
		Approved: &enclave.ApprovedVersion{
			Title: "Waits", Purpose: "Why waits grow.", LegalBasis: "s251_standard", Datasets: []string{"patients"},
			StartDate: "2025-01-01", ExpiryDate: "2025-12-31", Scope: enclave.Scope{"patients": {"sex", "year_of_birth"}},
			Lead: "lead-1", Members: []string{"r1", "r2"}, Disclosure: enclave.Disclosure{Threshold: 10, Rounding: 5},
		},
	}
}

// TestChangesSinceApproval: each field that differs from the version last
// approved is listed with both values, lists with what they gained and
// lost; a partial version is compared on what the register kept.
func TestChangesSinceApproval(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(p *enclave.Project)
		want   []enclave.FieldChange
	}{
		{"nothing changed", func(*enclave.Project) {}, []enclave.FieldChange{}},
		{"never approved", func(p *enclave.Project) { p.Approved = nil }, nil},
		{"title and dates", func(p *enclave.Project) { p.Title, p.ExpiryDate = "Longer waits", "2026-06-30" }, []enclave.FieldChange{
			{Field: "title", Approved: "Waits", Now: "Longer waits"},
			{Field: "expiry_date", Approved: "2025-12-31", Now: "2026-06-30"},
		}},
		{"a column and a dataset", func(p *enclave.Project) {
			p.Scope = enclave.Scope{"patients": {"sex"}, "ae_attendances": {"age_band"}}
		}, []enclave.FieldChange{
			{Field: "datasets", Approved: "patients", Now: "ae_attendances, patients", Added: []string{"ae_attendances"}},
			{Field: "scope.ae_attendances", Approved: "", Now: "age_band", Added: []string{"age_band"}},
			{Field: "scope.patients", Approved: "sex, year_of_birth", Now: "sex", Removed: []string{"year_of_birth"}},
		}},
		{"people and settings", func(p *enclave.Project) {
			p.Lead, p.Members = "lead-2", []string{"r2", "r3"}
			p.Disclosure.Threshold, p.OutputReview, p.Sensitive = 11, true, true
		}, []enclave.FieldChange{
			{Field: "lead", Approved: "lead-1", Now: "lead-2"},
			{Field: "members", Approved: "r1, r2", Now: "r2, r3", Added: []string{"r3"}, Removed: []string{"r1"}},
			{Field: "disclosure.threshold", Approved: "10", Now: "11"},
			{Field: "output_review", Approved: "false", Now: "true"},
			{Field: "sensitive", Approved: "false", Now: "true"},
		}},
		{"partial: only what the register kept", func(p *enclave.Project) {
			p.Approved = &enclave.ApprovedVersion{Title: "Waits", Purpose: "Why waits grow.", LegalBasis: "consent",
				Datasets: []string{"patients"}, StartDate: "2025-01-01", ExpiryDate: "2025-12-31", Partial: true}
			p.Scope["gp_events"] = []string{"code"}
			p.Lead = "lead-2"
		}, []enclave.FieldChange{
			{Field: "legal_basis", Approved: "consent", Now: "s251_standard"},
			{Field: "datasets", Approved: "patients", Now: "gp_events, patients", Added: []string{"gp_events"}},
		}},
	}
	for _, tt := range tests {
		p := approvedProject()
		tt.change(&p)
		if got := p.ChangesSinceApproval(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
