package enclave

// ReleaseResource is the resource of result.release
// (policies/review.rego): what calls for an answer to be reviewed.
type ReleaseResource struct {
	Release ReleaseRecord `json:"release"`
}

func (ReleaseResource) policyResource() {}

// ReleaseRecord says of an answer: which datasets it used (each true when
// the catalogue marks it for review), whether its project has every
// answer reviewed, how many of its cells came within reach of the
// differencing limit, how many held or rejected results it repeats, and
// whether an acknowledged rollback of the database holds every answer.
type ReleaseRecord struct {
	Datasets     map[string]bool `json:"datasets"`
	OutputReview bool            `json:"output_review"`
	NearMisses   int             `json:"near_misses"`
	Repeats      int             `json:"repeats"`
	Rollback     bool            `json:"rollback"`
}

// ReviewResource is the resource of review.view, review.approve and
// review.reject (policies/review.rego): the held result and its project,
// and for an approval its grounds then and now.
type ReviewResource struct {
	Now     PolicyTime    `json:"now"`
	Reason  string        `json:"reason"`
	Result  HeldRecord    `json:"result"`
	Project ProjectRecord `json:"project"`
	// ReviewApproval is set for review.approve only; its fields sit
	// beside the others in the input.
	*ReviewApproval
}

func (ReviewResource) policyResource() {}

// HeldRecord is a held result as the policy sees it: Approvals are the
// ids of the officers who approved it so far.
type HeldRecord struct {
	ID        string   `json:"id"`
	Requester string   `json:"requester"`
	State     string   `json:"state"`
	Approvals []string `json:"approvals"`
}

// ReviewApproval is what review.approve decides on besides the result:
// how many officers must approve, the result's grounds when it was held
// and now, and who enrolled, and approved the enrolment of, the caller,
// the requester and every officer who approved so far.
type ReviewApproval struct {
	Settings   ReviewSettings           `json:"settings"`
	HeldOn     HeldGrounds              `json:"held_on"`
	Current    CurrentGrounds           `json:"current"`
	Enrolments map[string]EnrolmentLink `json:"enrolments"`
}

// ReviewSettings is the number of distinct officers who must approve a
// held result.
type ReviewSettings struct {
	Required int `json:"approvals_required"`
}

// CurrentGrounds are HeldGrounds as they are now, with each opt-out list's
// state: a list left out counts as missing, and so does a dataset's data
// revision.
type CurrentGrounds struct {
	Submission        int                   `json:"project_submission"`
	CatalogueRevision string                `json:"catalogue_revision"`
	OptOutLists       map[string]OptOutList `json:"optout_lists"`
	DataRevisions     map[string]string     `json:"data_revisions"`
}

// OptOutList is an opt-out list as a held result's approval is decided
// on: its current version (0 if none) and its state (OptOutStatus.State).
type OptOutList struct {
	Version int    `json:"version"`
	State   string `json:"state"`
}

// record is the held result as the policy sees it.
func (r HeldResult) record() HeldRecord {
	officers := make([]string, len(r.Approvals))
	for i, a := range r.Approvals {
		officers[i] = a.Officer
	}
	return HeldRecord{ID: r.ID, Requester: r.Requester, State: r.State, Approvals: officers}
}
