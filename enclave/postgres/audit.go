package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// appendEvent appends ev to the audit log inside tx, the transaction of the
// action it records, so that both commit or neither does. The tree head row
// is locked until tx ends: appends are serialised and the tree is well
// defined. Callers append last in their transaction, so every transaction
// takes the head lock after its other locks and none can deadlock on it.
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
	if err := tx.QueryRow(ctx, `SELECT size, hashes FROM audit_tree_head WHERE id FOR UPDATE`).Scan(&size, &hashes); err != nil {
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
	_, err = tx.Exec(ctx, `
		INSERT INTO audit_events (seq, canonical, leaf_hash, recorded_at, principal_id, role, kind, target_type, target_id, outcome, event)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, convert_from($2, 'UTF8')::jsonb)`,
		size, canonical, leaf[:], ev.Time, ev.Principal, ev.Role, string(ev.Kind), ev.TargetType, ev.TargetID, string(ev.Outcome))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE audit_tree_head SET size = $1, hashes = $2 WHERE id`, size+1, tree.Hashes())
	return err
}
