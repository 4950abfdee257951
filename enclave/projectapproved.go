package enclave

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// ApprovedVersion is a project as its officers last approved it, kept by
// the database when the approval made it approved (migration 019), so that
// an officer weighing a change sees what was approved, value by value.
type ApprovedVersion struct {
	Submission int       `json:"submission"`
	ApprovedAt time.Time `json:"approved_at"`
	Title      string    `json:"title"`
	Purpose    string    `json:"purpose"`
	LegalBasis string    `json:"legal_basis"`
	Datasets   []string  `json:"datasets"`
	StartDate  string    `json:"start_date"`
	ExpiryDate string    `json:"expiry_date"`
	// Partial: approved before the enclave kept approved versions, and
	// changed, closed or rejected since; only the fields above, which the
	// register kept, are known, and the rest are empty.
	Partial      bool       `json:"partial,omitempty"`
	Scope        Scope      `json:"scope,omitempty"`
	Lead         string     `json:"lead,omitempty"`
	Members      []string   `json:"members,omitempty"`
	Disclosure   Disclosure `json:"disclosure,omitzero"`
	Sensitive    bool       `json:"sensitive,omitempty"`
	OutputReview bool       `json:"output_review,omitempty"`
}

// FieldChange is one value that differs between the version last approved
// and the project now. Field is named as in the project's JSON, a
// dataset's columns as "scope.<dataset>"; Approved and Now are the values
// as text, a list as "a, b" ("" for a dataset not in scope). For a list,
// Added and Removed say what changed in it.
type FieldChange struct {
	Field    string   `json:"field"`
	Approved string   `json:"approved"`
	Now      string   `json:"now"`
	Added    []string `json:"added,omitempty"`
	Removed  []string `json:"removed,omitempty"`
}

// ChangesSinceApproval lists, field by field, how the project differs from
// the version last approved: nil if it has never been approved, empty if
// nothing changed. Of a partial version only the known fields are compared,
// the scope by its datasets.
func (p Project) ChangesSinceApproval() []FieldChange {
	a := p.Approved
	if a == nil {
		return nil
	}
	out := []FieldChange{}
	text := func(field, approved, now string) {
		if approved != now {
			out = append(out, FieldChange{Field: field, Approved: approved, Now: now})
		}
	}
	list := func(field string, approved, now []string) {
		if added, removed := difference(approved, now); len(added)+len(removed) > 0 {
			out = append(out, FieldChange{Field: field, Approved: strings.Join(approved, ", "), Now: strings.Join(now, ", "),
				Added: added, Removed: removed})
		}
	}
	text("title", a.Title, p.Title)
	text("purpose", a.Purpose, p.Purpose)
	text("legal_basis", a.LegalBasis, p.LegalBasis)
	text("start_date", a.StartDate, p.StartDate)
	text("expiry_date", a.ExpiryDate, p.ExpiryDate)
	list("datasets", a.Datasets, p.Scope.Datasets())
	if a.Partial {
		return out
	}
	datasets := slices.Sorted(slices.Values(append(slices.Clone(a.Datasets), p.Scope.Datasets()...)))
	for _, ds := range slices.Compact(datasets) {
		list("scope."+ds, a.Scope[ds], p.Scope[ds])
	}
	text("lead", a.Lead, p.Lead)
	list("members", a.Members, p.Members)
	text("disclosure.threshold", strconv.Itoa(a.Disclosure.Threshold), strconv.Itoa(p.Disclosure.Threshold))
	text("disclosure.rounding", strconv.Itoa(a.Disclosure.Rounding), strconv.Itoa(p.Disclosure.Rounding))
	text("output_review", strconv.FormatBool(a.OutputReview), strconv.FormatBool(p.OutputReview))
	text("sensitive", strconv.FormatBool(a.Sensitive), strconv.FormatBool(p.Sensitive))
	return out
}

// difference returns what now adds to approved and what it drops, sorted.
func difference(approved, now []string) (added, removed []string) {
	for _, v := range now {
		if !slices.Contains(approved, v) {
			added = append(added, v)
		}
	}
	for _, v := range approved {
		if !slices.Contains(now, v) {
			removed = append(removed, v)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}
