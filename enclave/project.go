package enclave

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Project is a research project as stored, with what its reader is allowed
// to know about it. Dates are whole UTC days, "YYYY-MM-DD".
type Project struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Purpose    string     `json:"purpose"`
	Lead       string     `json:"lead"`
	Members    []string   `json:"members"`
	LegalBasis string     `json:"legal_basis"`
	StartDate  string     `json:"start_date"`
	ExpiryDate string     `json:"expiry_date"`
	Scope      Scope      `json:"scope"`
	Disclosure Disclosure `json:"disclosure"`
	// OutputReview holds every answer for output review by governance
	// officers before it is released (docs/review.md).
	OutputReview bool `json:"output_review"`
	// Sensitive: the scope touches a dataset the catalogue marks sensitive.
	Sensitive bool `json:"sensitive"`
	// State is the stored state; EffectiveState adds the clock (approved
	// becomes active on the start date, expired after the expiry date) and
	// is filled in when the project is read.
	State          string   `json:"state"`
	EffectiveState string   `json:"effective_state,omitempty"`
	Submission     int      `json:"submission"`
	Approvals      []string `json:"approvals"` // officers who approved the current submission
	// OptOuts are the opt-out lists that apply, as the policy derived them
	// from the legal basis.
	OptOuts         AppliedOptOuts   `json:"optouts"`
	FirstApprovedAt *time.Time       `json:"first_approved_at,omitempty"`
	CreatedAt       time.Time        `json:"created_at"`
	CreatedBy       string           `json:"created_by"`
	UpdatedAt       time.Time        `json:"updated_at"`
	History         []ProjectHistory `json:"history,omitempty"`
	// Approved is the version last approved, read with the history; nil
	// if the project has never been approved.
	Approved *ApprovedVersion `json:"approved_version,omitempty"`
}

// Scope maps each dataset a project may use to the columns it may use.
type Scope map[string][]string

// Datasets returns the dataset names in order.
func (s Scope) Datasets() []string { return slices.Sorted(maps.Keys(s)) }

// Disclosure holds a project's statistical disclosure settings.
type Disclosure struct {
	Threshold int `json:"threshold"` // smallest count of people released
	Rounding  int `json:"rounding"`  // base released counts are rounded to
}

// AppliedOptOuts says which opt-out lists filter a project's data.
type AppliedOptOuts struct {
	NDOO  bool `json:"ndoo"`  // the national data opt-out
	Type1 bool `json:"type1"` // Type 1 objections registered at the GP practice
}

// ProjectHistory is one change in a project's governance record.
type ProjectHistory struct {
	Seq         int            `json:"seq"`
	At          time.Time      `json:"at"`
	Actor       string         `json:"actor"`
	Action      string         `json:"action"`
	Reason      string         `json:"reason,omitempty"`
	Detail      string         `json:"detail,omitempty"`
	StateBefore string         `json:"state_before,omitempty"`
	StateAfter  string         `json:"state_after"`
	OptOuts     AppliedOptOuts `json:"optouts"`
	Codes       []string       `json:"decision_codes"`
	Revision    string         `json:"policy_revision"`
}

// ProjectChange is what an allowed action writes: the project afterwards,
// its history entry and audit event, and whether the approvals start over
// (a new submission) or gain the acting officer.
type ProjectChange struct {
	After          Project
	ResetApprovals bool
	Approve        string
	History        ProjectHistory
	Event          audit.Event
}

// ProjectStore keeps projects. Act locks the project, hands it to decide and
// writes the change decide returns, all in one transaction, so two officers
// acting at once are decided one after the other; an error from decide
// writes nothing.
type ProjectStore interface {
	CreateProject(ctx context.Context, c ProjectChange) error
	Act(ctx context.Context, id string, decide func(Project) (ProjectChange, error)) (Project, error)
	// Project returns the project with its history and the version last
	// approved; CodeNotFound if none.
	Project(ctx context.Context, id string) (Project, error)
	Projects(ctx context.Context) ([]Project, error)
	// Register lists the approved version of every project ever approved.
	Register(ctx context.Context) ([]RegisterEntry, error)
	// Memberships lists, sorted, every project principal leads or is a
	// member of, or ever did or was.
	Memberships(ctx context.Context, principal string) ([]string, error)
}

// The limits on a project's text fields.
const (
	maxTitle   = 200
	maxPurpose = 5000
	maxReason  = 2000
)

// checkText checks a required free-text field.
func checkText(field, v string, limit int) error {
	switch {
	case strings.TrimSpace(v) == "":
		return E(CodeInvalid, fmt.Sprintf("%s is required", field))
	case !utf8.ValidString(v):
		return E(CodeInvalid, fmt.Sprintf("%s must be UTF-8 text", field))
	case utf8.RuneCountInString(v) > limit:
		return E(CodeInvalid, fmt.Sprintf("%s must be at most %d characters", field, limit))
	}
	return nil
}

// checkReason checks a written reason or note: UTF-8 of at most maxReason
// characters on one line, so without control characters, tab and newline
// included (PostgreSQL cannot store NUL at all).
func checkReason(reason string) error {
	if !utf8.ValidString(reason) || utf8.RuneCountInString(reason) > maxReason {
		return E(CodeInvalid, fmt.Sprintf("reason must be UTF-8 text of at most %d characters", maxReason))
	}
	if strings.ContainsFunc(reason, unicode.IsControl) {
		return E(CodeInvalid, "reason must be one line of text, without control characters (tab and newline included)")
	}
	return nil
}

// checkDate checks a "YYYY-MM-DD" field.
func checkDate(field, v string) error {
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return E(CodeInvalid, fmt.Sprintf("%s must be a date, YYYY-MM-DD", field))
	}
	return nil
}
