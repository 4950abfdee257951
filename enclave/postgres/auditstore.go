package postgres

import (
	"context"
	"errors"
	"fmt"

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
	var events []audit.Event
	err := s.Each(ctx, f, func(e audit.Event) error {
		events = append(events, e)
		return nil
	})
	return events, err
}

// Each selects events by their canonical bytes (audit_field, indexed by
// migration 015), never by the copies kept beside them, and checks every
// copy of each event against its canonical bytes before fn sees it.
func (s *AuditStore) Each(ctx context.Context, f enclave.AuditFilter, fn func(audit.Event) error) error {
	var since, until any
	if !f.Since.IsZero() {
		since = audit.SearchTime(f.Since)
	}
	if !f.Until.IsZero() {
		until = audit.SearchTime(f.Until)
	}
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT `+columnsSelect+`, canonical FROM audit_events
		WHERE seq > $1
		  AND ($2 = '' OR audit_field(canonical, 'principal') = $2) AND ($3 = '' OR audit_field(canonical, 'role') = $3)
		  AND ($4 = '' OR audit_field(canonical, 'kind') = $4) AND ($5 = '' OR audit_field(canonical, 'outcome') = $5)
		  AND ($6 = '' OR audit_field(canonical, 'target_type') = $6) AND ($7 = '' OR audit_field(canonical, 'target_id') = $7)
		  AND ($8::text IS NULL OR audit_field(canonical, 'time') >= $8) AND ($9::text IS NULL OR audit_field(canonical, 'time') < $9)
		ORDER BY seq LIMIT NULLIF($10::int, 0)`,
		f.After, f.Principal, f.Role, f.Kind, f.Outcome, f.TargetType, f.TargetID, since, until, f.Limit)
	if err != nil {
		return storeError("list audit events", err)
	}
	return eachChecked(rows, fn)
}

// Recent selects by the canonical bytes, as Each does, newest first: the
// principal's index (migration 015) read backwards from f.Before. The
// principal's other events (their own reads of the log among them) are
// passed over by a byte match on the canonical "kind" member, which a
// canonical event of a kind always holds as it is (kinds need no escaping),
// before the member is parsed: parsing every one would make a principal's
// questions slower with every read of them.
func (s *AuditStore) Recent(ctx context.Context, f enclave.RecentFilter) ([]audit.Event, error) {
	kinds := make([]string, len(f.Kinds))
	members := make([][]byte, len(f.Kinds))
	for i, k := range f.Kinds {
		kinds[i] = string(k)
		members[i] = []byte(`%,"kind":"` + k + `",%`)
	}
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT `+columnsSelect+`, canonical FROM audit_events
		WHERE audit_field(canonical, 'principal') = $1 AND ($2 < 0 OR seq < $2)
		  AND canonical LIKE ANY ($5::bytea[]) AND audit_field(canonical, 'kind') = ANY($3)
		ORDER BY seq DESC LIMIT $4`,
		f.Principal, f.Before, kinds, f.Limit, members)
	if err != nil {
		return nil, storeError("list recent audit events", err)
	}
	var events []audit.Event
	err = eachChecked(rows, func(e audit.Event) error {
		events = append(events, e)
		return nil
	})
	return events, err
}

// eachChecked calls fn with each event of rows (columnsSelect and the
// canonical bytes), checked against its canonical bytes, and closes rows.
func eachChecked(rows pgx.Rows, fn func(audit.Event) error) error {
	defer rows.Close()
	var (
		c         audit.Columns
		canonical []byte
	)
	dest := append(columnsDest(&c), &canonical)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return storeError("list audit events", err)
		}
		e, err := checked(canonical, c)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return storeError("list audit events", rows.Err())
}

// checked parses an event's canonical bytes and compares its stored copies
// with them: what the store serves is what was hashed, or an error naming
// the event that is not.
func checked(canonical []byte, c audit.Columns) (audit.Event, error) {
	e, err := audit.Parse(canonical)
	if err != nil {
		return audit.Event{}, enclave.Wrap(enclave.CodeIntegrity,
			fmt.Sprintf("audit event %d is not a canonical event: the log was changed in the database; run 'enclave audit verify'", c.Seq), err)
	}
	if err := audit.CheckColumns(canonical, e, c); err != nil {
		return audit.Event{}, enclave.Wrap(enclave.CodeIntegrity, err.Error()+"; the log was changed in the database: run 'enclave audit verify'", err)
	}
	return e, nil
}

// columnsSelect reads the copies of an event in the order of columnsDest.
const columnsSelect = `seq, encode(leaf_hash, 'hex'), recorded_at, principal_id, role, kind, target_type, target_id, outcome, event::text`

func columnsDest(c *audit.Columns) []any {
	return []any{&c.Seq, &c.LeafHash, &c.RecordedAt, &c.Principal, &c.Role, &c.Kind, &c.TargetType, &c.TargetID, &c.Outcome, &c.Event}
}

// ExportColumns calls fn with the stored copies of events [from, to) in
// order, as they are, for `audit verify` to compare with the events. The
// jsonb copy is compared here, by the database (jsonb equality with the
// canonical bytes parsed again), and handed over only when it differs:
// sending every event twice would make verify several times slower.
func (s *AuditStore) ExportColumns(ctx context.Context, from, to uint64, fn func(audit.Columns) error) error {
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT seq, encode(leaf_hash, 'hex'), recorded_at, principal_id, role, kind, target_type, target_id, outcome,
		       CASE WHEN event = convert_from(canonical, 'UTF8')::jsonb THEN NULL ELSE event::text END
		FROM audit_events WHERE seq >= $1 AND seq < $2 ORDER BY seq`, int64(from), int64(to))
	if err != nil {
		return storeError("export audit columns", err)
	}
	defer rows.Close()
	var c audit.Columns
	dest := columnsDest(&c)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return storeError("export audit columns", err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return storeError("export audit columns", rows.Err())
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
