// Package ingest loads source files into catalogue datasets: it streams a
// plain or gzip CSV (package csvsource), converts each row with a dataset
// mapping (package mapping), pseudonymises the identifiers in batches with
// the configured key source, and bulk-copies the rows into the dataset's
// table. The rows, the load's record (counts read, rejected and skipped by
// reason, and stored) and its audit event commit in one transaction, so a load that
// fails or is cancelled at any point leaves nothing behind; the same content
// is live in a dataset version once. A load can be retracted (retract.go):
// its rows leave the dataset and the same file can be loaded again.
//
// Memory does not grow with the file: one batch of rows is held at a time.
// Rejected rows are reported by line number, source column and reason code,
// never by value (invariant 1).
package ingest

import (
	"context"
	"errors"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Record is what the database keeps of one load.
type Record struct {
	ID               int64            `json:"load_id"`
	Dataset          string           `json:"dataset"`
	DatasetVersion   int              `json:"dataset_version"`
	Mapping          string           `json:"mapping"`
	MappingVersion   int              `json:"mapping_version"`
	MappingRevision  string           `json:"mapping_revision"`
	ContentSHA256    string           `json:"content_sha256"` // lowercase hex of the bytes as sent
	KeyVersion       int              `json:"key_version"`
	KeyDev           bool             `json:"key_dev"`
	RowsRead         int64            `json:"rows_read"`
	RowsStored       int64            `json:"rows_stored"`
	RowsRejected     int64            `json:"rows_rejected"`
	RejectedByReason map[string]int64 `json:"rejected_by_reason"`
	// RowsSkipped counts the rows a when: condition of the mapping kept
	// out as not for this dataset: neither stored nor rejected, so
	// RowsRead = RowsStored + RowsRejected + RowsSkipped.
	RowsSkipped     int64            `json:"rows_skipped"`
	SkippedByReason map[string]int64 `json:"skipped_by_reason"`
	// Rejects lists the first MaxListedRejects rejected lines.
	Rejects  []Reject  `json:"rejects"`
	LoadedAt time.Time `json:"loaded_at"`
	LoadedBy string    `json:"loaded_by"`
	// FinishedAt is when the rows were copied, just before the load
	// committed; none for a load recorded before migration 020.
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// Reject is one rejected line: where and why, never what.
type Reject struct {
	Line   int64  `json:"line"`
	Column string `json:"column,omitempty"` // the source column; "" for the whole line
	Reason string `json:"reason"`
}

// MaxListedRejects bounds the rejected lines a load lists; the rest are
// only counted.
const MaxListedRejects = 10000

// Rows yields the rows a load copies; pgx.CopyFromSource has this shape.
type Rows interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}

// Target is the dataset table a load fills.
type Target struct {
	Dataset string
	Version int
	Columns []string // the person column first, then the others; the store adds the load id
}

// ErrLoadedBefore is what Store.Load returns when the same content was
// loaded into the dataset version by another live load that committed
// first.
var ErrLoadedBefore = errors.New("ingest: the same content was loaded before")

// Store keeps loads.
type Store interface {
	// FindLoad returns the live (not retracted) load of content with this
	// hex SHA-256 into the dataset's version, if there is one.
	FindLoad(ctx context.Context, dataset string, version int, sha256 string) (Record, bool, error)
	// Load takes a new load id, copies the rows rows(id) yields into the
	// target's table, then writes the record and event that finish returns,
	// all in one transaction. An error anywhere, finish's included, rolls
	// everything back.
	Load(ctx context.Context, t Target, rows func(id int64) Rows, finish func(id int64) (Record, audit.Event, error)) error
}
