package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// AuditStore implements enclave.AuditStore.
type AuditStore struct{ DB *DB }

var _ enclave.AuditStore = (*AuditStore)(nil)

func (s *AuditStore) Record(ctx context.Context, ev audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error { return appendEvent(ctx, tx, ev) })
	return storeError("record audit event", err)
}

func (s *AuditStore) Events(ctx context.Context, f enclave.AuditFilter) ([]audit.Event, error) {
	var since, until any
	if !f.Since.IsZero() {
		since = f.Since
	}
	if !f.Until.IsZero() {
		until = f.Until
	}
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT canonical FROM audit_events
		WHERE seq > $1
		  AND ($2 = '' OR principal_id = $2) AND ($3 = '' OR role = $3)
		  AND ($4 = '' OR kind = $4) AND ($5 = '' OR outcome = $5)
		  AND ($6 = '' OR target_type = $6) AND ($7 = '' OR target_id = $7)
		  AND ($8::timestamptz IS NULL OR recorded_at >= $8) AND ($9::timestamptz IS NULL OR recorded_at < $9)
		ORDER BY seq LIMIT NULLIF($10::int, 0)`,
		f.After, f.Principal, f.Role, f.Kind, f.Outcome, f.TargetType, f.TargetID, since, until, f.Limit)
	if err != nil {
		return nil, storeError("list audit events", err)
	}
	events, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (audit.Event, error) {
		var b []byte
		if err := row.Scan(&b); err != nil {
			return audit.Event{}, err
		}
		return audit.Parse(b)
	})
	return events, storeError("list audit events", err)
}

func (s *AuditStore) Export(ctx context.Context, from, to uint64, fn func([]byte) error) error {
	rows, err := s.DB.Pool.Query(ctx, `SELECT canonical FROM audit_events WHERE seq >= $1 AND seq < $2 ORDER BY seq`, int64(from), int64(to))
	if err != nil {
		return storeError("export audit log", err)
	}
	defer rows.Close()
	var b []byte
	for rows.Next() {
		// Scanned, not RawValues: the raw bytes are text-encoded under the
		// simple protocol (as a pooler such as PgBouncer needs).
		if err := rows.Scan(&b); err != nil {
			return storeError("export audit log", err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return storeError("export audit log", rows.Err())
}

func (s *AuditStore) Head(ctx context.Context) (uint64, [32]byte, error) {
	var (
		size   int64
		hashes [][]byte
	)
	if err := s.DB.Pool.QueryRow(ctx, `SELECT size, hashes FROM audit_tree_head WHERE id`).Scan(&size, &hashes); err != nil {
		return 0, [32]byte{}, storeError("audit head", err)
	}
	tree, err := audit.RestoreTree(uint64(size), hashes)
	if err != nil {
		return 0, [32]byte{}, enclave.Wrap(enclave.CodeInternal, "audit tree head is corrupt", err)
	}
	root, err := tree.Root()
	return uint64(size), root, err
}

func (s *AuditStore) LeafHashes(ctx context.Context, size uint64) ([][32]byte, error) {
	rows, err := s.DB.Pool.Query(ctx, `SELECT leaf_hash FROM audit_events WHERE seq < $1 ORDER BY seq`, int64(size))
	if err != nil {
		return nil, storeError("audit leaf hashes", err)
	}
	hashes := make([][32]byte, 0, size)
	var h []byte
	_, err = pgx.ForEachRow(rows, []any{&h}, func() error {
		hashes = append(hashes, [32]byte(h))
		return nil
	})
	return hashes, storeError("audit leaf hashes", err)
}

func (s *AuditStore) SaveCheckpoint(ctx context.Context, cp audit.Checkpoint, signed []byte) error {
	_, err := s.DB.Pool.Exec(ctx, `
		INSERT INTO audit_checkpoints (size, root, signed, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (size) DO NOTHING`, int64(cp.Size), cp.Root[:], string(signed), cp.Time)
	return storeError("save checkpoint", err)
}

func (s *AuditStore) Checkpoint(ctx context.Context, size int64) ([]byte, error) {
	var signed string
	err := s.DB.Pool.QueryRow(ctx, `
		SELECT signed FROM audit_checkpoints WHERE $1 < 0 OR size = $1
		ORDER BY size DESC LIMIT 1`, size).Scan(&signed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, enclave.E(enclave.CodeNotFound, "no checkpoint has been signed at that size")
	}
	if err != nil {
		return nil, storeError("get checkpoint", err)
	}
	return []byte(signed), nil
}
