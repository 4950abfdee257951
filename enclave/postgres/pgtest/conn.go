package pgtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These are the ways tests in other packages reach a database around the
// service, to tamper with it, plant rows or measure a baseline, so that
// only enclave/postgres and its subpackages import pgx (the import rule,
// internal/importrule).

// Super connects as a superuser, closing at cleanup.
func (d *DB) Super(t testing.TB) *pgx.Conn {
	t.Helper()
	return d.connect(t, d.SuperURL, "superuser")
}

// Owner connects as OwnerRole, who alone passes the append-only triggers,
// closing at cleanup.
func (d *DB) Owner(t testing.TB) *pgx.Conn {
	t.Helper()
	return d.connect(t, d.OwnerURL, OwnerRole)
}

// SharedSuper is one superuser connection shared by every caller on d,
// opened on first use and closed at the cleanup of the test that opened
// it: a test planting many rows one connection each would exhaust the
// server's. Like any connection, it serves one statement at a time.
func (d *DB) SharedSuper(t testing.TB) *pgx.Conn {
	t.Helper()
	d.superOnce.Do(func() { d.super = d.Super(t) })
	return d.super
}

func (d *DB) connect(t testing.TB, url, as string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatalf("pgtest: connect to %s as %s: %v", d.Name, as, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Copier is what CopyIn copies over: a connection, a pool or a
// transaction.
type Copier interface {
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, rows pgx.CopyFromSource) (int64, error)
}

// CopyIn copies the rows next returns, until it returns nil, into the
// columns of table, with one COPY (one transaction), and says how many.
func CopyIn(ctx context.Context, to Copier, table string, columns []string, next func() ([]any, error)) (int64, error) {
	return to.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromFunc(next))
}
