package web

import (
	"strings"

	"github.com/research-enclave/enclave/enclave"
)

// fourEyes is a project's approval state as an officer weighs it: who has
// approved the current submission, how many the settings require, and
// what changed since it was last approved, value by value and edit by edit.
type fourEyes struct {
	Approvals []string
	Required  int
	Still     int
	// Approved: the project has been approved before, so Values and
	// Changes are what its next approval would take on.
	Approved bool
	// Version is the version last approved; Partial when only what the
	// register kept of it is known.
	Version *enclave.ApprovedVersion
	Values  []changedValue
	Changes []enclave.ProjectHistory
}

// changedValue is one row of the table of values changed since approval.
type changedValue struct {
	enclave.FieldChange
	Label string
	Empty string // what an empty value means, as the page says it
}

// fourEyesOf reads the four-eyes state from the project, its version last
// approved and its history (oldest first). The policy still decides each
// approval: an approval by the project's creator or lead never counts.
func fourEyesOf(p enclave.Project, settings enclave.ApprovalSettings) fourEyes {
	f := fourEyes{Approvals: p.Approvals, Required: settings.For(p.Sensitive), Version: p.Approved, Approved: p.Approved != nil}
	f.Still = max(f.Required-len(p.Approvals), 0)
	for _, h := range p.History {
		switch {
		case h.Action == "project.approve" && h.StateAfter == "approved":
			f.Approved, f.Changes = true, nil
		case f.Approved && h.Action != "project.approve" && h.Detail != "":
			f.Changes = append(f.Changes, h)
		}
	}
	for _, c := range p.ChangesSinceApproval() {
		v := changedValue{FieldChange: c, Label: fieldLabels[c.Field], Empty: "none"}
		if ds, ok := strings.CutPrefix(c.Field, "scope."); ok {
			v.Label, v.Empty = "Columns of "+ds, "not in scope"
		}
		if c.Field == "output_review" || c.Field == "sensitive" {
			v.Approved, v.Now = yesNo[c.Approved], yesNo[c.Now]
		}
		f.Values = append(f.Values, v)
	}
	return f
}

var yesNo = map[string]string{"true": "yes", "false": "no"}

// fieldLabels name a project's fields as its page does.
var fieldLabels = map[string]string{
	"title": "Title", "purpose": "Purpose", "legal_basis": "Legal basis", "start_date": "Start date",
	"expiry_date": "Expiry date", "datasets": "Datasets", "lead": "Lead", "members": "Members",
	"disclosure.threshold": "Smallest count released", "disclosure.rounding": "Counts rounded to",
	"output_review": "Every answer held for output review", "sensitive": "Uses a sensitive dataset",
}
