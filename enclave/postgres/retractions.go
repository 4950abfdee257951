package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
)

// RetractionStore implements ingest.RetractionStore. The rows of a load
// leave its dataset through retract_load_rows (migration 018), which
// deletes them as the owner role and only once the retraction is complete
// and audited: the service role cannot delete from a dataset table itself.
type RetractionStore struct{ DB *DB }

var _ ingest.RetractionStore = (*RetractionStore)(nil)

// LoadState reads load id with its retraction and the rejected lines it
// listed (line, column and reason, never a value), in line order.
func (s *RetractionStore) LoadState(ctx context.Context, id int64) (ingest.LoadState, error) {
	var l ingest.LoadState
	err := s.DB.InTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		if l, err = loadState(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT line, source_column, reason FROM dataset_load_rejects WHERE load_id = $1 ORDER BY line`, id)
		if err != nil {
			return err
		}
		l.Rejects, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (ingest.Reject, error) {
			var r ingest.Reject
			return r, row.Scan(&r.Line, &r.Column, &r.Reason)
		})
		return err
	})
	return l, storeError("read load", err)
}

// LoadStates reads the loads with ids below before (-1: from the newest),
// newest first, at most limit, each with its retraction.
func (s *RetractionStore) LoadStates(ctx context.Context, before int64, limit int) ([]ingest.LoadState, error) {
	rows, err := s.DB.Pool.Query(ctx, loadStateSelect+` WHERE $1 < 0 OR dataset_loads.id < $1
		ORDER BY dataset_loads.id DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, storeError("list loads", err)
	}
	defer rows.Close()
	var loads []ingest.LoadState
	for rows.Next() {
		l, err := scanLoadState(rows)
		if err != nil {
			return nil, storeError("list loads", err)
		}
		loads = append(loads, l)
	}
	return loads, storeError("list loads", rows.Err())
}

// Retract serialises the actions on one load's retraction with an advisory
// lock (the service role may not lock the load's row), then writes the
// step decide returns: the request or the confirmation, its event, and,
// when the step completes the retraction, the removal of the rows, after
// the event the database's guard looks for. The dataset table is analysed
// again, as after a load.
func (s *RetractionStore) Retract(ctx context.Context, id int64, decide func(ingest.LoadState) (ingest.RetractionStep, error)) (ingest.LoadState, error) {
	var after ingest.LoadState
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('load_retraction:' || $1::bigint, 0))`, id); err != nil {
			return err
		}
		before, err := loadState(ctx, tx, id)
		if err != nil {
			return err
		}
		step, err := decide(before)
		if err != nil {
			return err
		}
		r := step.After
		switch {
		case before.Retraction == nil:
			_, err = tx.Exec(ctx, `INSERT INTO load_retractions (load_id, reason, requested_by, requested_at, confirmation_required)
				VALUES ($1, $2, $3, $4, $5)`, id, r.Reason, r.RequestedBy, r.RequestedAt, r.ConfirmationRequired)
		case r.ConfirmedAt != nil && before.Retraction.ConfirmedAt == nil:
			_, err = tx.Exec(ctx, `INSERT INTO load_retraction_confirmations (load_id, confirmed_by, confirmed_at)
				VALUES ($1, $2, $3)`, id, r.ConfirmedBy, *r.ConfirmedAt)
		}
		if err != nil {
			return err
		}
		if err := appendEvent(ctx, tx, step.Event); err != nil {
			return err
		}
		if step.Complete {
			if err := tx.QueryRow(ctx, `SELECT retract_load_rows($1, $2)`, id, *r.RetractedAt).Scan(&r.RowsRemoved); err != nil {
				return err
			}
			if err := analyzeLoaded(ctx, tx, DatasetTable(before.Dataset, before.DatasetVersion)); err != nil {
				return err
			}
		}
		after = ingest.LoadState{Record: before.Record, Retraction: &r}
		return nil
	})
	return after, storeError("retract load", err)
}

// loadState reads load id and its retraction in tx.
func loadState(ctx context.Context, tx pgx.Tx, id int64) (ingest.LoadState, error) {
	l, err := scanLoadState(tx.QueryRow(ctx, loadStateSelect+` WHERE dataset_loads.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return ingest.LoadState{}, enclave.E(enclave.CodeNotFound, fmt.Sprintf("no load %d", id))
	}
	return l, err
}

// loadStateSelect reads loads with their retractions, as scanLoadState
// scans them.
const loadStateSelect = `SELECT ` + loadColumns + `, r.reason, r.requested_by, r.requested_at, r.confirmation_required,
	c.confirmed_by, c.confirmed_at, dataset_loads.retracted_at
	FROM dataset_loads LEFT JOIN load_retractions r ON r.load_id = dataset_loads.id
	LEFT JOIN load_retraction_confirmations c ON c.load_id = dataset_loads.id`

// scanLoadState reads a load and its retraction, selected as
// loadStateSelect.
func scanLoadState(row pgx.Row) (ingest.LoadState, error) {
	var (
		rec                                   ingest.Record
		sum                                   []byte
		reason, requestedBy, confirmedBy      *string
		requestedAt, confirmedAt, retractedAt *time.Time
		confirmationRequired                  *bool
	)
	dest := append(loadDest(&rec, &sum), &reason, &requestedBy, &requestedAt, &confirmationRequired,
		&confirmedBy, &confirmedAt, &retractedAt)
	if err := row.Scan(dest...); err != nil {
		return ingest.LoadState{}, err
	}
	rec.ContentSHA256 = hex.EncodeToString(sum)
	l := ingest.LoadState{Record: rec}
	if reason == nil {
		return l, nil
	}
	r := ingest.Retraction{LoadID: rec.ID, Dataset: rec.Dataset, State: ingest.StatePending, Reason: *reason,
		RequestedBy: *requestedBy, RequestedAt: *requestedAt, ConfirmationRequired: *confirmationRequired}
	if confirmedBy != nil {
		r.ConfirmedBy, r.ConfirmedAt = *confirmedBy, confirmedAt
	}
	if retractedAt != nil {
		// A load's rows are the rows it stored, all removed together.
		r.State, r.RetractedAt, r.RowsRemoved = ingest.StateRetracted, retractedAt, rec.RowsStored
	}
	l.Retraction = &r
	return l, nil
}
