package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Standby is a hot standby of the primary, kept by PostgreSQL's own
// streaming replication, on which QueryStore runs the research statements
// (docs/operations.md, "A read replica for queries"). Everything the
// enclave writes (the audit log, the ledger, governance, held results)
// stays on the primary.
//
// A standby lags. So that no answer is older than the primary's state
// when it was asked, each query first reads the primary's WAL position
// (WALPosition) and waits, for at most Wait, until the standby has replayed
// up to it (Replayed); only then does it take its snapshot there, in which
// it reads the data revisions, opt-out versions and keys as well as the
// rows, as on the primary. A standby that does not catch up in time, or
// cannot be reached, leaves the query to the primary, or when Refuse is set
// fails it as unavailable.
type Standby struct {
	DB *DB
	// Wait bounds how long a query waits for the standby to catch up.
	Wait time.Duration
	// Refuse makes a query the standby cannot answer fail (503) instead of
	// running on the primary.
	Refuse bool
	// Log says when and why a query fell back to the primary; nil discards.
	Log *slog.Logger
}

// OpenStandby connects to url, which must be a hot standby of primary's
// cluster: in recovery, with primary's system identifier.
func OpenStandby(ctx context.Context, url string, maxConns int32, primary *DB) (*DB, error) {
	db, err := Open(ctx, url, maxConns)
	if err != nil {
		return nil, err
	}
	const identity = `SELECT system_identifier, pg_is_in_recovery() FROM pg_control_system()`
	var want, got int64
	var recovering, primaryRecovering bool
	err = primary.Pool.QueryRow(ctx, identity).Scan(&want, &primaryRecovering)
	if err == nil {
		err = db.Pool.QueryRow(ctx, identity).Scan(&got, &recovering)
	}
	switch {
	case err != nil:
		err = fmt.Errorf("check the query database is a standby: %w", err)
	case !recovering:
		err = errors.New("it is not a hot standby (pg_is_in_recovery() is false): name a streaming replica of the primary, or leave it unset")
	case got != want:
		err = fmt.Errorf("it is a standby of another cluster (system identifier %d, the primary's %d)", got, want)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// A rowQuerier is a connection, a pool or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// WALPosition reads the primary's WAL insert position, as a pg_lsn's text:
// every transaction committed (visible) by then has its commit record
// before it, whatever synchronous_commit is; pg_current_wal_lsn(), the
// write position, can be behind a visible commit when it is off. An idle
// position just past a page header (24 bytes; 40 at a segment's start) is
// read as the page boundary, where the last record ended: the standby's
// replay position never passes a header no record follows yet.
func WALPosition(ctx context.Context, primary rowQuerier) (string, error) {
	var lsn string
	err := primary.QueryRow(ctx, `SELECT (p - CASE
		WHEN (p - '0/0') % pg_size_bytes(current_setting('wal_segment_size')) = 40 THEN 40
		WHEN (p - '0/0') % current_setting('wal_block_size')::int = 24 THEN 24
		ELSE 0 END)::text
		FROM pg_current_wal_insert_lsn() AS p`).Scan(&lsn)
	return lsn, err
}

// Replayed reports whether standby is in recovery and whether it has
// replayed the WAL up to lsn, so that a snapshot taken there afterwards
// holds every transaction committed before lsn.
func Replayed(ctx context.Context, standby rowQuerier, lsn string) (recovering, replayed bool, err error) {
	err = standby.QueryRow(ctx, `SELECT pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)`, lsn).
		Scan(&recovering, &replayed)
	return recovering, replayed, err
}
