package enclave

import (
	"context"
	"encoding/json"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// The states of a held result: held until enough officers approve it
// (released) or one rejects it.
const (
	ResultHeld     = "held"
	ResultReleased = "released"
	ResultRejected = "rejected"
)

// HeldResult is an answer the policy held for output review, as it would
// be released, with its review so far. Summary, Manifest and Result are
// left out of what a researcher sees until it is released.
type HeldResult struct {
	ID        string `json:"id"`
	Project   string `json:"project"`
	Requester string `json:"requester"`
	QueryHash string `json:"query_hash"`
	// Query is the question as the researcher asked it (canonical form).
	Query json.RawMessage `json:"query"`
	// HeldFor are the policy's reasons for holding it.
	HeldFor []Reason `json:"held_for"`
	// RepeatOf are the held or rejected results it asks again: the same
	// question on the same project, or cells with exactly their people.
	// Shown with the answer (to officers, and to the requester once
	// released).
	RepeatOf          []string     `json:"repeat_of,omitempty"`
	State             string       `json:"state"`
	ApprovalsRequired int          `json:"approvals_required"`
	Approvals         []ReviewStep `json:"approvals"`
	Rejection         *ReviewStep  `json:"rejection,omitempty"`
	// Summary, Manifest and Result are the answer after disclosure
	// control, exactly what release gives the researcher (Manifest and
	// Result as the answer service encoded them).
	Summary  *ResultSummary  `json:"summary,omitempty"`
	Manifest json.RawMessage `json:"manifest,omitempty"`
	Result   json.RawMessage `json:"result,omitempty"`
	// Grounds are what the answer was computed on, checked again when an
	// officer approves it; not shown (the manifest has most of them).
	Grounds   HeldGrounds `json:"-"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// HeldGrounds are what a held answer was computed on: the project's
// approved version (its submission), the catalogue revision, the version
// of each opt-out list applied and the rows of each dataset read (its data
// revision: a load added or retracted since changes it). If any has
// changed by the time an officer approves, the policy refuses the release
// (review.stale) and the answer can only be rejected, for the researcher
// to ask again.
type HeldGrounds struct {
	Submission        int            `json:"project_submission"`
	CatalogueRevision string         `json:"catalogue_revision"`
	OptOutLists       map[string]int `json:"optout_lists"` // list -> version applied
	// DataRevisions and DatasetVersions are the manifest's: the data
	// revision and the catalogue version of each dataset read. A result
	// held before answers recorded data revisions has none.
	DataRevisions   map[string]string `json:"data_revisions"`
	DatasetVersions map[string]int    `json:"-"`
}

// ReviewStep is one officer's approval or rejection, with their note or
// reason.
type ReviewStep struct {
	Officer string    `json:"officer"`
	At      time.Time `json:"at"`
	Reason  string    `json:"reason,omitempty"`
}

// ResultSummary describes a held result's cells for its reviewers: how
// many there are and what disclosure control did to them. It counts cells
// and values, never people.
type ResultSummary struct {
	Cells              int            `json:"cells"`
	Released           int            `json:"released"`   // cells whose counts are released
	Suppressed         map[string]int `json:"suppressed"` // cells hidden, by rule
	MeasuresSuppressed map[string]int `json:"measures_suppressed"`
	Zeros              int            `json:"zeros"`
}

// HeldChange is what an allowed review action writes: the result's new
// state, the approval or rejection, and the audit events.
type HeldChange struct {
	After  HeldResult
	Action string // "approve" or "reject"
	Step   ReviewStep
	Codes  []string // the decision's reason codes
	Policy string   // the decision's policy revision
	Events []audit.Event
}

// HeldFilter selects held results; zero values match everything.
type HeldFilter struct {
	State     string
	Requester string
	Project   string
	QueryHash string
}

// HeldStore keeps held results.
type HeldStore interface {
	// Hold stores a new held result with ev, the audit event of the query
	// that produced it, in one transaction.
	Hold(ctx context.Context, r HeldResult, ev audit.Event) error
	// ActOnHeld locks held result id, reads it, its project (which it
	// keeps from changing meanwhile) and the data revision now of each
	// dataset the result read (at the catalogue version it read), hands
	// them to decide and writes the change decide returns, all in one
	// transaction, so two officers acting at once are decided one after
	// the other; an error from decide writes nothing.
	ActOnHeld(ctx context.Context, id string, decide func(HeldResult, Project, map[string]string) (HeldChange, error)) error
	// HeldResult returns one held result with its review; CodeNotFound if none.
	HeldResult(ctx context.Context, id string) (HeldResult, error)
	// HeldResults lists held results, oldest first, without their manifest
	// and result.
	HeldResults(ctx context.Context, f HeldFilter) ([]HeldResult, error)
}
