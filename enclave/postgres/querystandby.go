package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/research-enclave/enclave/enclave"
)

// maxReplayPoll is the longest pause between two looks at a standby's
// replay position.
const maxReplayPoll = 20 * time.Millisecond

// inSnapshot runs fn, a query's reads, in one transaction of opts: on the
// standby when there is one and it has caught up with the primary's WAL
// position read now, else on the primary, unless the standby is to refuse.
// fn may run twice, on the standby and then on the primary: it must start
// afresh each time.
func (s *QueryStore) inSnapshot(ctx context.Context, opts pgx.TxOptions, fn func(pgx.Tx) error) error {
	if s.Standby == nil {
		return s.DB.InTx(ctx, opts, fn)
	}
	err := s.Standby.run(ctx, s.DB, opts, fn)
	var missed *standbyMiss
	if !errors.As(err, &missed) || ctx.Err() != nil {
		return err
	}
	if s.Standby.Refuse {
		return enclave.Wrap(enclave.CodeUnavailable, missed.reason+"; try again shortly", missed)
	}
	if s.Standby.Log != nil {
		s.Standby.Log.LogAttrs(ctx, slog.LevelWarn, "query answered on the primary", slog.String("reason", missed.reason), slog.Any("err", missed.err))
	}
	return s.DB.InTx(ctx, opts, fn)
}

// standbyMiss is why the standby did not answer a query.
type standbyMiss struct {
	reason string // for the researcher and the log: names no host
	err    error  // the cause, if any
}

func (m *standbyMiss) Error() string {
	if m.err == nil {
		return m.reason
	}
	return m.reason + ": " + m.err.Error()
}

func (m *standbyMiss) Unwrap() error { return m.err }

// run runs fn on the standby once it has replayed the primary's WAL up to
// the position read first: the snapshot fn's transaction takes afterwards
// holds everything the primary had committed then.
func (sb *Standby) run(ctx context.Context, primary *DB, opts pgx.TxOptions, fn func(pgx.Tx) error) error {
	lsn, err := WALPosition(ctx, primary.Pool)
	if err != nil {
		return fmt.Errorf("read the primary's WAL position: %w", err)
	}
	conn, err := sb.DB.Pool.Acquire(ctx)
	if err != nil {
		return &standbyMiss{reason: "the query replica is unavailable", err: err}
	}
	defer conn.Release()
	if err := sb.catchUp(ctx, conn, lsn); err != nil {
		return err
	}
	// The transaction begins after the wait, so its snapshot is at least
	// as new as lsn.
	err = pgx.BeginTxFunc(ctx, conn, opts, fn)
	if standbyFault(err) && ctx.Err() == nil {
		return &standbyMiss{reason: "the query replica failed", err: err}
	}
	return err
}

// catchUp waits, for at most sb.Wait, until the standby behind conn has
// replayed the WAL up to lsn, looking again after 1 ms, then 2, 4, up to
// maxReplayPoll.
func (sb *Standby) catchUp(ctx context.Context, conn *pgxpool.Conn, lsn string) error {
	deadline := time.Now().Add(sb.Wait)
	pause := time.Millisecond
	for {
		recovering, replayed, err := Replayed(ctx, conn, lsn)
		switch {
		case err != nil && ctx.Err() != nil:
			return err
		case err != nil:
			return &standbyMiss{reason: "the query replica is unavailable", err: err}
		case !recovering:
			return &standbyMiss{reason: "the query replica is no longer a standby"}
		case replayed:
			return nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return &standbyMiss{reason: fmt.Sprintf("the query replica has not caught up with the primary within %s", sb.Wait)}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(pause, left)):
		}
		pause = min(2*pause, maxReplayPoll)
	}
}

// standbyFault reports whether err is the standby's failure rather than
// the query's: a lost connection, a shutdown, or a query cancelled by a
// conflict with recovery (40001, 40P01), which the primary would not have.
// The query's own errors (its time limit, a value out of range, the key
// check, too many cells) are not.
func standbyFault(err error) bool {
	var e *enclave.Error
	if err == nil || errors.As(err, &e) {
		return false
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return true
	}
	c := pgErr.Code
	return strings.HasPrefix(c, "08") || strings.HasPrefix(c, "57P") || c == "40001" || c == "40P01"
}
