package web

import (
	"maps"
	"slices"

	"github.com/research-enclave/enclave/enclave"
)

// patchOf is the change from project p to the form's draft d: only the
// fields that differ, so that an unchanged field is not recorded as
// changed. Members change through their own route, not this form.
func patchOf(p enclave.Project, d enclave.ProjectDraft) enclave.ProjectPatch {
	var patch enclave.ProjectPatch
	text := func(field **string, before, after string) {
		if before != after {
			*field = &after
		}
	}
	text(&patch.Title, p.Title, d.Title)
	text(&patch.Purpose, p.Purpose, d.Purpose)
	text(&patch.Lead, p.Lead, d.Lead)
	text(&patch.LegalBasis, p.LegalBasis, d.LegalBasis)
	text(&patch.StartDate, p.StartDate, d.StartDate)
	text(&patch.ExpiryDate, p.ExpiryDate, d.ExpiryDate)
	if !maps.EqualFunc(p.Scope, d.Scope, func(a, b []string) bool {
		return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
	}) {
		patch.Scope = d.Scope
	}
	if p.Disclosure != d.Disclosure {
		patch.Disclosure = &d.Disclosure
	}
	if p.OutputReview != d.OutputReview {
		patch.OutputReview = &d.OutputReview
	}
	return patch
}
