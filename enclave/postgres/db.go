package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/research-enclave/enclave/enclave"
)

// DB is the service's connection pool.
type DB struct {
	Pool *pgxpool.Pool
}

// Open connects to url and checks the connection within ctx.
func Open(ctx context.Context, url string, maxConns int32) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database url: %w", redactURLError(err))
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	return &DB{Pool: pool}, nil
}

// Close closes the pool.
func (db *DB) Close() { db.Pool.Close() }

// Ready reports whether the database answers, for /readyz, saying why not
// in words an operator can act on.
func (db *DB) Ready(ctx context.Context) error {
	err := db.Pool.Ping(ctx)
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ECONNREFUSED):
		return enclave.Wrap(enclave.CodeUnavailable, "the database refuses connections: is PostgreSQL running?", err)
	case errors.As(err, &pgErr) && pgErr.Code == "57P03": // cannot_connect_now
		return enclave.Wrap(enclave.CodeUnavailable, "the database is starting up or shutting down", err)
	}
	return storeError("ping", err)
}

// InTx runs fn in a transaction, committing if fn returns nil and rolling back
// otherwise. The isolation level is READ COMMITTED unless opts names another,
// whatever the database's default: audit appends rely on it (appendEvent).
func (db *DB) InTx(ctx context.Context, opts pgx.TxOptions, fn func(pgx.Tx) error) error {
	if opts.IsoLevel == "" {
		opts.IsoLevel = pgx.ReadCommitted
	}
	return pgx.BeginTxFunc(ctx, db.Pool, opts, fn)
}

// CheckServiceRole refuses a connection that could change audit records: one
// that owns the audit tables (the owner passes their append-only trigger) or
// holds UPDATE or DELETE on them.
func (db *DB) CheckServiceRole(ctx context.Context) error {
	var owner, canChange bool
	err := db.Pool.QueryRow(ctx, `
		SELECT pg_get_userbyid(c.relowner) = current_user,
		       has_table_privilege('audit_events', 'UPDATE, DELETE, TRUNCATE')
		FROM pg_class c WHERE c.oid = 'audit_events'::regclass`).Scan(&owner, &canChange)
	if err != nil {
		return fmt.Errorf("check the service role: %w", err)
	}
	if owner || canChange {
		return errors.New("ENCLAVE_DATABASE_URL connects as a role that owns or may change the audit tables: the server must connect as the service role, and migrations run as the owner")
	}
	return nil
}

// redactURLError drops the connection string (which may hold a password) from
// a parse error.
func redactURLError(err error) error {
	// pgx redacts passwords only on a best-effort basis, so the connection
	// string is cut out of its message and only the reason kept.
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		msg := pe.Error()
		if i := strings.LastIndex(msg, "`: "); i >= 0 {
			msg = msg[i+3:]
		}
		return fmt.Errorf("cannot parse connection string: %s", msg)
	}
	return err
}

// storeError classifies a database error for the caller: unavailability is
// CodeUnavailable, everything else internal. The message never carries
// values from the statement.
func storeError(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *enclave.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return enclave.Wrap(enclave.CodeUnavailable, "the database did not answer in time", fmt.Errorf("%s: %w", op, err))
	}
	var pgErr *pgconn.PgError
	// Class 08 is a connection failure, 57P an administrator's or crash
	// shutdown: the database went away, the statement was not at fault.
	if !errors.As(err, &pgErr) || strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P") {
		return enclave.Wrap(enclave.CodeUnavailable, "the database is unavailable", fmt.Errorf("%s: %w", op, err))
	}
	return enclave.Wrap(enclave.CodeInternal, "database error", fmt.Errorf("%s: %w", op, err))
}
