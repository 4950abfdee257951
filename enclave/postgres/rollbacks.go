package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// RollbackStore implements enclave.RollbackStore over the rollbacks table
// (migration 020). Each acknowledgement and lifting commits with its audit
// event; the database lets a hold be lifted once, by a governance officer
// other than the operator who acknowledged it.
type RollbackStore struct{ DB *DB }

var _ enclave.RollbackStore = (*RollbackStore)(nil)

func (s *RollbackStore) Acknowledged(ctx context.Context, savedSize uint64, savedRoot [32]byte) (bool, error) {
	var ok bool
	err := s.DB.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM rollbacks WHERE saved_size = $1 AND saved_root = $2)`,
		int64(savedSize), savedRoot[:]).Scan(&ok)
	return ok, storeError("read rollbacks", err)
}

func (s *RollbackStore) Acknowledge(ctx context.Context, r enclave.RollbackRecord, ev audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		rb := r.Rollback
		_, err := tx.Exec(ctx, `INSERT INTO rollbacks (saved_size, saved_root, found_size, found_root, reason, acknowledged_by, acknowledged_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			int64(rb.SavedSize), rb.SavedRoot[:], int64(rb.FoundSize), rb.FoundRoot[:], r.Reason, r.AcknowledgedBy, r.AcknowledgedAt)
		if err != nil {
			return err
		}
		return appendEvent(ctx, tx, ev)
	})
	return storeError("acknowledge rollback", err)
}

func (s *RollbackStore) Held(ctx context.Context) ([]enclave.RollbackRecord, error) {
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT id, saved_size, saved_root, found_size, found_root, reason, acknowledged_by, acknowledged_at
		FROM rollbacks WHERE lifted_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, storeError("read rollbacks", err)
	}
	var (
		held                 []enclave.RollbackRecord
		r                    enclave.RollbackRecord
		savedSize, foundSize int64
		savedRoot, foundRoot []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &savedSize, &savedRoot, &foundSize, &foundRoot, &r.Reason, &r.AcknowledgedBy, &r.AcknowledgedAt}, func() error {
		r.Rollback = enclave.Rollback{SavedSize: uint64(savedSize), SavedRoot: [32]byte(savedRoot), FoundSize: uint64(foundSize), FoundRoot: [32]byte(foundRoot)}
		held = append(held, r)
		return nil
	})
	return held, storeError("read rollbacks", err)
}

func (s *RollbackStore) Lift(ctx context.Context, held []enclave.RollbackRecord, ev audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for _, r := range held {
			tag, err := tx.Exec(ctx, `UPDATE rollbacks SET lift_reason = $2, lifted_by = $3, lifted_at = $4
				WHERE id = $1 AND lifted_at IS NULL`, r.ID, r.LiftReason, r.LiftedBy, r.LiftedAt)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 1 {
				return enclave.E(enclave.CodeConflict, "the hold was lifted already")
			}
		}
		return appendEvent(ctx, tx, ev)
	})
	return storeError("lift rollback hold", err)
}
