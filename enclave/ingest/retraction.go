package ingest

import (
	"context"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Load states, as the retraction policy sees them.
const (
	StateLive      = "live"      // the load's rows are in its dataset
	StatePending   = "pending"   // a retraction waits for a second person
	StateRetracted = "retracted" // the rows have left the dataset
)

// Retraction is a load's retraction: asked for with a reason, confirmed by
// a second person when the policy asked for one, complete once the load's
// rows have left the dataset.
type Retraction struct {
	LoadID               int64      `json:"load_id"`
	Dataset              string     `json:"dataset"`
	State                string     `json:"state"` // pending or retracted
	Reason               string     `json:"reason"`
	RequestedBy          string     `json:"requested_by"`
	RequestedAt          time.Time  `json:"requested_at"`
	ConfirmationRequired bool       `json:"confirmation_required"`
	ConfirmedBy          string     `json:"confirmed_by,omitempty"`
	ConfirmedAt          *time.Time `json:"confirmed_at,omitempty"`
	RetractedAt          *time.Time `json:"retracted_at,omitempty"`
	// RowsRemoved is the rows that left the dataset with the retraction.
	RowsRemoved int64 `json:"rows_removed"`
}

// LoadState is a load with its retraction, nil when none was asked for.
type LoadState struct {
	Record
	Retraction *Retraction `json:"retraction,omitempty"`
}

// State is live, pending or retracted.
func (l LoadState) State() string {
	if l.Retraction == nil {
		return StateLive
	}
	return l.Retraction.State
}

// RetractionStep is what a decided retraction action writes: the
// retraction as it is after it (its request, or its confirmation, new),
// its audit event, and whether the load's rows leave the dataset now.
type RetractionStep struct {
	After    Retraction
	Event    audit.Event
	Complete bool
}

// RetractionStore keeps retractions. The database lets the service delete
// a load's rows only once its retraction is complete and audited
// (migration 018).
type RetractionStore interface {
	// LoadState reads load id with its listed rejects; CodeNotFound when
	// there is none.
	LoadState(ctx context.Context, id int64) (LoadState, error)
	// LoadStates reads the loads with ids below before (-1: from the
	// newest), newest first, at most limit.
	LoadStates(ctx context.Context, before int64, limit int) ([]LoadState, error)
	// Retract holds load id's retraction locked, hands decide the load as
	// it is, and writes the step decide returns in one transaction: the
	// request or confirmation, its event and, when the step completes the
	// retraction, the removal of the load's rows, marking the load
	// retracted. It returns the load as it is after.
	Retract(ctx context.Context, id int64, decide func(LoadState) (RetractionStep, error)) (LoadState, error)
}
