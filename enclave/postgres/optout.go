package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
)

// OptOutStore implements enclave.OptOutStore.
type OptOutStore struct{ DB *DB }

var _ enclave.OptOutStore = (*OptOutStore)(nil)

// optOutLock serialises the commit phase of opt-out loads, across replicas.
const optOutLock = int64(0x656e636c61766503)

// LoadOptOut runs a load in one transaction: COPY the pids into the staging
// table as the source yields them, then under optOutLock supersede the
// current version, insert the new one with its distinct pids (in key order,
// so the primary key index grows at its right edge), delete the superseded
// pids, and append the audit event last. Any error rolls all of it back.
func (s *OptOutStore) LoadOptOut(ctx context.Context, load enclave.OptOutLoad) (enclave.OptOutVersion, bool, error) {
	var (
		v    enclave.OptOutVersion
		noop bool
	)
	src := &pidCopySource{ctx: ctx, pids: load.PIDs}
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT pg_current_xact_id()::text::bigint`).Scan(&src.loadID); err != nil {
			return err
		}
		staged, err := tx.CopyFrom(ctx, pgx.Identifier{"optout_staging"}, []string{"load_id", "pid"}, src)
		if src.err != nil {
			return src.err // pgx reports the source's failure only as the server's copy error
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, optOutLock); err != nil {
			return err
		}
		current, err := currentOptOut(ctx, tx, load.List)
		if err != nil {
			return err
		}
		next, err := load.Plan(current, staged)
		if err != nil {
			return err
		}
		if next == nil {
			v, noop = *current, true
		} else if v, err = storeVersion(ctx, tx, current, *next, src.loadID); err != nil {
			return err
		}
		v.Duplicates = v.Numbers - v.Entries
		if _, err := tx.Exec(ctx, `DELETE FROM optout_staging WHERE load_id = $1`, src.loadID); err != nil {
			return err
		}
		if !noop {
			// Both tables the exclusion joins: without the versions'
			// statistics the planner runs it as a nested loop (migration 021).
			for _, table := range []string{"optout_entries", "optout_versions"} {
				if err := analyzeLoaded(ctx, tx, table); err != nil {
					return err
				}
			}
		}
		ev, err := load.Record(v, noop)
		if err != nil {
			return err
		}
		return appendEvent(ctx, tx, ev)
	})
	if err != nil {
		return enclave.OptOutVersion{}, false, storeError("load opt-out list", err)
	}
	return v, noop, nil
}

// storeVersion makes next the list's current version, with the distinct pids
// staged under loadID, and drops current's pids.
func storeVersion(ctx context.Context, tx pgx.Tx, current *enclave.OptOutVersion, next enclave.OptOutVersion, loadID int64) (enclave.OptOutVersion, error) {
	var oldID int64
	if current != nil {
		err := tx.QueryRow(ctx, `
			UPDATE optout_versions SET superseded_at = $2
			WHERE list = $1 AND superseded_at IS NULL RETURNING id`, current.List, next.LoadedAt).Scan(&oldID)
		if err != nil {
			return next, err
		}
	}
	sum, err := hex.DecodeString(next.ContentSHA256)
	if err != nil {
		return next, err
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO optout_versions (list, version, form, content_sha256, as_of, loaded_at, loaded_by,
			lines, numbers, invalid, key_version, key_dev)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		next.List, next.Version, next.Form, sum, next.AsOf.Time, next.LoadedAt, next.LoadedBy,
		next.Lines, next.Numbers, next.Invalid, next.KeyVersion, next.KeyDev).Scan(&id)
	if err != nil {
		return next, err
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO optout_entries (version_id, pid)
		SELECT DISTINCT $1::bigint, pid FROM optout_staging WHERE load_id = $2 ORDER BY pid`, id, loadID)
	if err != nil {
		return next, err
	}
	next.Entries = tag.RowsAffected()
	if _, err := tx.Exec(ctx, `UPDATE optout_versions SET entries = $2 WHERE id = $1`, id, next.Entries); err != nil {
		return next, err
	}
	if current != nil {
		if _, err := tx.Exec(ctx, `DELETE FROM optout_entries WHERE version_id = $1`, oldID); err != nil {
			return next, err
		}
	}
	return next, nil
}

const optOutColumns = `list, version, form, content_sha256, as_of, loaded_at, loaded_by, lines, numbers, invalid, entries, key_version, key_dev`

func scanOptOut(row pgx.CollectableRow) (enclave.OptOutVersion, error) {
	var (
		v    enclave.OptOutVersion
		sum  []byte
		asOf time.Time
	)
	err := row.Scan(&v.List, &v.Version, &v.Form, &sum, &asOf, &v.LoadedAt, &v.LoadedBy,
		&v.Lines, &v.Numbers, &v.Invalid, &v.Entries, &v.KeyVersion, &v.KeyDev)
	v.ContentSHA256, v.AsOf, v.Duplicates = hex.EncodeToString(sum), optout.DateOf(asOf), v.Numbers-v.Entries
	return v, err
}

// currentOptOut returns the list's current version, or nil.
func currentOptOut(ctx context.Context, tx pgx.Tx, list optout.List) (*enclave.OptOutVersion, error) {
	rows, err := tx.Query(ctx, `SELECT `+optOutColumns+` FROM optout_versions WHERE list = $1 AND superseded_at IS NULL`, list)
	if err != nil {
		return nil, err
	}
	v, err := pgx.CollectExactlyOneRow(rows, scanOptOut)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &v, err
}

func (s *OptOutStore) CurrentOptOuts(ctx context.Context) ([]enclave.OptOutVersion, error) {
	rows, err := s.DB.Pool.Query(ctx, `SELECT `+optOutColumns+` FROM optout_versions WHERE superseded_at IS NULL ORDER BY list`)
	if err != nil {
		return nil, storeError("list opt-out lists", err)
	}
	vs, err := pgx.CollectRows(rows, scanOptOut)
	return vs, storeError("list opt-out lists", err)
}
