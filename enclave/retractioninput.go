package enclave

// RetractionResource is the resource of dataset.retract and
// dataset.retract_confirm (policies/retraction.rego): the load, its
// retraction so far, the reason given, and who enrolled, and approved the
// enrolment of, the caller and the requester.
type RetractionResource struct {
	Load       LoadRecord               `json:"load"`
	Reason     string                   `json:"reason"`
	Retraction *RetractionRecord        `json:"retraction,omitempty"`
	Enrolments map[string]EnrolmentLink `json:"enrolments"`
}

func (RetractionResource) policyResource() {}

// LoadRecord is a load as the retraction policy sees it: State is live,
// pending (a retraction waits for its confirmation) or retracted.
type LoadRecord struct {
	ID       int64  `json:"id"`
	Dataset  string `json:"dataset"`
	LoadedBy string `json:"loaded_by"`
	State    string `json:"state"`
}

// RetractionRecord is a retraction asked for: by whom, and whether the
// policy asked for a second person then.
type RetractionRecord struct {
	RequestedBy          string `json:"requested_by"`
	ConfirmationRequired bool   `json:"confirmation_required"`
}
