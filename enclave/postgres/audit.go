package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// AppendLock is the advisory lock key that serialises appends, across
// replicas too, so that the log is one sequence of events, each with the root
// before it.
const AppendLock = int64(0x656e636c61766502)

// appendEvent appends ev to the audit log inside tx, the transaction of the
// action it records, so that both commit or neither does. Appends are
// serialised by a transaction-scoped advisory lock, held until tx ends.
// Callers append last in their transaction, so the lock is held as briefly as
// possible and always after the transaction's other locks: none can deadlock
// on it. tx must be READ COMMITTED (the default): the tree head is read by a
// statement whose snapshot is taken after the lock is granted; a stale read
// would fail on the seq primary key rather than fork the log.
func appendEvent(ctx context.Context, tx pgx.Tx, ev audit.Event) error {
	if err := appendEventTx(ctx, tx, ev); err != nil {
		var e *enclave.Error
		if errors.As(err, &e) {
			return err
		}
		return enclave.Wrap(enclave.CodeUnavailable, "the audit record could not be written, so nothing was done", fmt.Errorf("append audit event: %w", err))
	}
	return nil
}

func appendEventTx(ctx context.Context, tx pgx.Tx, ev audit.Event) error {
	var (
		size   int64
		hashes [][]byte
	)
	// One round trip for the lock and the head read.
	lock := &pgx.Batch{}
	lock.Queue(`SELECT pg_advisory_xact_lock($1)`, AppendLock)
	lock.Queue(`SELECT size, hashes FROM audit_tree_head WHERE id`).QueryRow(func(row pgx.Row) error {
		return row.Scan(&size, &hashes)
	})
	if err := tx.SendBatch(ctx, lock).Close(); err != nil {
		return err
	}
	tree, err := audit.RestoreTree(uint64(size), hashes)
	if err != nil {
		return err
	}
	ev.Seq = uint64(size)
	if ev.PrevRoot, err = tree.Root(); err != nil {
		return err
	}
	canonical, err := ev.Canonical()
	if err != nil {
		return enclave.Wrap(enclave.CodeInternal, "the audit record is malformed, so nothing was done", err)
	}
	leaf := audit.LeafHash(canonical)
	if err := tree.Append(leaf); err != nil {
		return err
	}
	// One round trip for the event and the new head.
	_, err = tx.Exec(ctx, `
		WITH event AS (
			INSERT INTO audit_events (seq, canonical, leaf_hash, recorded_at, principal_id, role, kind, target_type, target_id, outcome, event)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, convert_from($2, 'UTF8')::jsonb)
		)
		UPDATE audit_tree_head SET size = $1 + 1, hashes = $11 WHERE id`,
		size, canonical, leaf[:], ev.Time, ev.Principal, ev.Role, string(ev.Kind), ev.TargetType, ev.TargetID, string(ev.Outcome), tree.Hashes())
	return err
}
