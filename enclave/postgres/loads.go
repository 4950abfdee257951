package postgres

import (
	"context"
	"encoding/hex"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/ingest"
)

// LoadStore implements ingest.Store.
type LoadStore struct{ DB *DB }

var _ ingest.Store = (*LoadStore)(nil)

func (s *LoadStore) FindLoad(ctx context.Context, dataset string, version int, sha256 string) (ingest.Record, bool, error) {
	sum, err := hex.DecodeString(sha256)
	if err != nil || len(sum) != 32 {
		return ingest.Record{}, false, nil // not a SHA-256, so no load has it
	}
	r, err := scanLoad(s.DB.Pool.QueryRow(ctx, `SELECT `+loadColumns+` FROM dataset_loads
		WHERE dataset = $1 AND dataset_version = $2 AND content_sha256 = $3 AND retracted_at IS NULL`, dataset, version, sum))
	if errors.Is(err, pgx.ErrNoRows) {
		return ingest.Record{}, false, nil
	}
	if err != nil {
		return ingest.Record{}, false, storeError("find load", err)
	}
	return r, true, nil
}

// loadColumns are the columns of dataset_loads that scanLoad reads.
const loadColumns = `id, dataset, dataset_version, mapping, mapping_version, mapping_revision,
	content_sha256, key_version, key_dev, rows_read, rows_stored, rows_rejected, rejected_by_reason,
	rows_skipped, skipped_by_reason, loaded_at, loaded_by, finished_at`

// scanLoad reads a load record, selected as loadColumns.
func scanLoad(row pgx.Row) (ingest.Record, error) {
	var r ingest.Record
	var h []byte
	err := row.Scan(loadDest(&r, &h)...)
	r.ContentSHA256 = hex.EncodeToString(h)
	return r, err
}

// loadDest are the destinations of loadColumns in r, the content's
// SHA-256 in sum.
func loadDest(r *ingest.Record, sum *[]byte) []any {
	return []any{&r.ID, &r.Dataset, &r.DatasetVersion, &r.Mapping, &r.MappingVersion, &r.MappingRevision,
		sum, &r.KeyVersion, &r.KeyDev, &r.RowsRead, &r.RowsStored, &r.RowsRejected, &r.RejectedByReason,
		&r.RowsSkipped, &r.SkippedByReason, &r.LoadedAt, &r.LoadedBy, &r.FinishedAt}
}

// Load copies the rows straight into the dataset's table inside the load's
// transaction, which is the staging area: no other session sees a row until
// the record and audit event commit with them, and a rollback removes them
// all. Copying once, rather than into a staging table and then again, keeps
// a load close to the speed of a bare COPY. The table's statistics are
// taken after the rows are copied, before the audit append takes the log's
// lock, and commit with them (analyzeLoaded).
func (s *LoadStore) Load(ctx context.Context, t ingest.Target, rows func(id int64) ingest.Rows, finish func(id int64) (ingest.Record, audit.Event, error)) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence('dataset_loads', 'id'))`).Scan(&id); err != nil {
			return err
		}
		cols := append([]string{LoadColumn}, t.Columns...)
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{DatasetTable(t.Dataset, t.Version)}, cols, rows(id)); err != nil {
			return err
		}
		rec, ev, err := finish(id)
		if err != nil {
			return err
		}
		if err := analyzeLoaded(ctx, tx, DatasetTable(t.Dataset, t.Version)); err != nil {
			return err
		}
		if err := insertLoad(ctx, tx, rec); err != nil {
			return err
		}
		return appendEvent(ctx, tx, ev)
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "dataset_loads_live_content" {
		return ingest.ErrLoadedBefore // another live load of the same content committed first
	}
	return storeError("load", err)
}

func insertLoad(ctx context.Context, tx pgx.Tx, r ingest.Record) error {
	sum, err := hex.DecodeString(r.ContentSHA256)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO dataset_loads (id, dataset, dataset_version, mapping, mapping_version,
		mapping_revision, content_sha256, key_version, key_dev, rows_read, rows_stored, rows_rejected,
		rejected_by_reason, rows_skipped, skipped_by_reason, loaded_at, loaded_by, finished_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		r.ID, r.Dataset, r.DatasetVersion, r.Mapping, r.MappingVersion, r.MappingRevision, sum,
		r.KeyVersion, r.KeyDev, r.RowsRead, r.RowsStored, r.RowsRejected, r.RejectedByReason,
		r.RowsSkipped, r.SkippedByReason, r.LoadedAt, r.LoadedBy, r.FinishedAt)
	if err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"dataset_load_rejects"}, []string{"load_id", "line", "source_column", "reason"},
		pgx.CopyFromSlice(len(r.Rejects), func(i int) ([]any, error) {
			rj := r.Rejects[i]
			return []any{r.ID, rj.Line, rj.Column, rj.Reason}, nil
		}))
	return err
}

// analyzeLoaded analyses table, which the load in tx wrote, as the owner
// role (migration 016): the statistics count the rows tx loaded and commit
// with them, so the first query after a load is planned from them. It runs
// before the load's audit append, so the log's lock, which every audited
// action waits on, is not held while it samples. ANALYZE waits for a VACUUM
// of the table; after analyzeLockWait it gives up, and the load commits
// without fresh statistics (autovacuum takes them later) rather than stall.
func analyzeLoaded(ctx context.Context, tx pgx.Tx, table string) error {
	var was string
	if err := tx.QueryRow(ctx, `SELECT current_setting('lock_timeout')`).Scan(&was); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `SAVEPOINT analyze_loaded`); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `SELECT set_config('lock_timeout', $1, true), analyze_loaded($2)`, analyzeLockWait, table)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "55P03" { // lock_not_available
		_, err = tx.Exec(ctx, `ROLLBACK TO SAVEPOINT analyze_loaded`)
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `RELEASE SAVEPOINT analyze_loaded`)
	if err == nil {
		_, err = tx.Exec(ctx, `SELECT set_config('lock_timeout', $1, true)`, was)
	}
	return err
}

// analyzeLockWait bounds how long a load's ANALYZE waits for the table's
// lock (a PostgreSQL interval). Tests shorten it.
var analyzeLockWait = "5s"
