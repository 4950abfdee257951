package enclave

import "maps"

// ProjectResource is the resource of the project.* actions, as the input
// contract of policies/governance.rego describes it. Now and Reason are
// always there; the records each action needs are set by Projects.input
// and its callers, and the policy refuses an action missing one.
type ProjectResource struct {
	Now    PolicyTime `json:"now"`
	Reason string     `json:"reason"`
	// Project is the stored project: every action but project.create.
	Project *ProjectRecord `json:"project,omitempty"`
	// Proposal is the project as it will be: project.create and update.
	Proposal *ProposalRecord `json:"proposal,omitempty"`
	// Settings and Enrolments: project.approve only.
	Settings   *ApprovalRecord          `json:"settings,omitempty"`
	Enrolments map[string]EnrolmentLink `json:"enrolments,omitempty"`
	// OptOutLists: project.use only, each list's state (OptOutReady, ...).
	OptOutLists map[string]string `json:"optout_lists,omitempty"`
	// Query: project.use for a query only.
	Query *QueryRecord `json:"query,omitempty"`
}

func (ProjectResource) policyResource() {}

// ProjectRecord is a stored project as the policies see it. State is the
// stored state; dates are "YYYY-MM-DD".
type ProjectRecord struct {
	ID         string   `json:"id"`
	State      string   `json:"state"`
	CreatedBy  string   `json:"created_by"`
	Lead       string   `json:"lead"`
	Members    []string `json:"members"`
	Approvals  []string `json:"approvals"`
	Sensitive  bool     `json:"sensitive"`
	LegalBasis string   `json:"legal_basis"`
	StartDate  string   `json:"start_date"`
	ExpiryDate string   `json:"expiry_date"`
}

// ProposalRecord is a project as it will be after create or update, with
// the strictest minimum disclosure settings of the datasets in its scope.
type ProposalRecord struct {
	LegalBasis       string   `json:"legal_basis"`
	StartDate        string   `json:"start_date"`
	ExpiryDate       string   `json:"expiry_date"`
	Lead             string   `json:"lead"`
	Datasets         []string `json:"datasets"`
	Threshold        int      `json:"threshold"`
	Rounding         int      `json:"rounding"`
	MinimumThreshold int      `json:"minimum_threshold"`
	MinimumRounding  int      `json:"minimum_rounding"`
}

// ApprovalRecord is ApprovalSettings as project.approve reads them.
type ApprovalRecord struct {
	Required          int `json:"approvals_required"`
	RequiredSensitive int `json:"approvals_required_sensitive"`
}

// QueryRecord is what project.use checks a query against: the columns it
// uses, the catalogue's settings of their datasets, the project's scope and
// disclosure settings, and the service's limits.
type QueryRecord struct {
	Columns    map[string][]string        `json:"columns"`
	Minimums   map[string]QueryDisclosure `json:"minimums"`
	Scope      Scope                      `json:"scope"`
	Disclosure Disclosure                 `json:"disclosure"`
	Limits     QueryLimits                `json:"limits"`
}

// record is p as the policies see it. Lists are never nil, so that they
// encode as arrays.
func (p Project) record() *ProjectRecord {
	return &ProjectRecord{
		ID: p.ID, State: p.State, CreatedBy: p.CreatedBy, Lead: p.Lead,
		Members: nonNil(p.Members), Approvals: nonNil(p.Approvals), Sensitive: p.Sensitive,
		LegalBasis: p.LegalBasis, StartDate: p.StartDate, ExpiryDate: p.ExpiryDate,
	}
}

// proposal is the project as it will be after create or update, with the
// strictest minimum disclosure settings of its datasets.
func (p Project) proposal(minimum Disclosure) *ProposalRecord {
	return &ProposalRecord{
		LegalBasis: p.LegalBasis, StartDate: p.StartDate, ExpiryDate: p.ExpiryDate,
		Lead: p.Lead, Datasets: nonNil(p.Scope.Datasets()),
		Threshold: p.Disclosure.Threshold, Rounding: p.Disclosure.Rounding,
		MinimumThreshold: minimum.Threshold, MinimumRounding: minimum.Rounding,
	}
}

// queryRecord is the query record of q on project p.
func queryRecord(p Project, q QueryUse) *QueryRecord {
	columns := make(map[string][]string, len(q.Columns))
	for ds, cols := range q.Columns {
		columns[ds] = nonNil(cols)
	}
	scope := make(Scope, len(p.Scope))
	for ds, cols := range p.Scope {
		scope[ds] = nonNil(cols)
	}
	minimums := maps.Clone(q.Minimums)
	if minimums == nil {
		minimums = map[string]QueryDisclosure{}
	}
	return &QueryRecord{Columns: columns, Minimums: minimums, Scope: scope, Disclosure: p.Disclosure, Limits: q.Limits}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
