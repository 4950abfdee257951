package web

import (
	"github.com/research-enclave/enclave/enclave"
)

// fourEyes is a project's approval state as an officer weighs it: who has
// approved the current submission, how many the settings require, and the
// edits made since it was last approved.
type fourEyes struct {
	Approvals []string
	Required  int
	Still     int
	// Approved: the project has been approved before, so Changes are
	// what its next approval would take on.
	Approved bool
	Changes  []enclave.ProjectHistory
}

// fourEyesOf reads the four-eyes state from the project and its history
// (oldest first). The policy still decides each approval: an approval by
// the project's creator or lead never counts.
func fourEyesOf(p enclave.Project, settings enclave.ApprovalSettings) fourEyes {
	f := fourEyes{Approvals: p.Approvals, Required: settings.For(p.Sensitive)}
	f.Still = max(f.Required-len(p.Approvals), 0)
	for _, h := range p.History {
		switch {
		case h.Action == "project.approve" && h.StateAfter == "approved":
			f.Approved, f.Changes = true, nil
		case f.Approved && h.Action != "project.approve" && h.Detail != "":
			f.Changes = append(f.Changes, h)
		}
	}
	return f
}
