package postgres_test

import (
	"context"
	"testing"

	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// TestOptOutLoadLeavesEntriesAnalysed: a list load leaves optout_entries
// and optout_versions analysed, their row estimates the rows the load left,
// so queries' opt-out exclusion is planned from them.
func TestOptOutLoadLeavesEntriesAnalysed(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	if _, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", datFile(synthetic(0, 40)...)); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT reltuples::bigint FROM pg_class WHERE oid = 'optout_entries'::regclass`); n != 40 {
		t.Errorf("optout_entries is estimated at %d rows after loading 40: not analysed by the load", n)
	}
	if n := e.count(t, `SELECT reltuples::bigint FROM pg_class WHERE oid = 'optout_versions'::regclass`); n != 1 {
		t.Errorf("optout_versions is estimated at %d rows after one load: not analysed by the load", n)
	}
}

// TestOptOutLoadDoesNotWaitOnAVacuum: a load whose table is locked by a
// VACUUM (here, a session holding the lock VACUUM takes) commits without
// fresh statistics after a bounded wait, rather than stall, and every
// other audited action with it.
func TestOptOutLoadDoesNotWaitOnAVacuum(t *testing.T) {
	e := newOptOutEnv(t)
	postgres.SetAnalyzeLockWait("100ms")
	defer postgres.SetAnalyzeLockWait("5s")
	ctx := context.Background()
	vacuum := e.db.Super(t)
	if _, err := vacuum.Exec(ctx, `BEGIN; LOCK TABLE optout_entries IN SHARE UPDATE EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	rep, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", datFile(synthetic(0, 40)...))
	if err != nil || rep.Version.Entries != 40 {
		t.Fatalf("load while the table is locked: %+v, %v", rep.Version, err)
	}
	if _, err := vacuum.Exec(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT count(*) FROM optout_entries`); n != 40 {
		t.Errorf("%d entries stored", n)
	}
	if n := e.count(t, `SELECT reltuples::bigint FROM pg_class WHERE oid = 'optout_entries'::regclass`); n == 40 {
		t.Errorf("the entries were analysed although their table was locked")
	}
}

// TestAnalyzeLoadedOnlyAnalysesLoadedTables: the service role may have the
// owner analyse a table that loads write, and nothing else.
func TestAnalyzeLoadedOnlyAnalysesLoadedTables(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	ctx := context.Background()
	for _, table := range []string{"principals", "audit_events", "ds_nothing_v1", "pg_class", "optout_entries; SELECT 1"} {
		if _, err := e.pool.Pool.Exec(ctx, `SELECT analyze_loaded($1)`, table); err == nil {
			t.Errorf("the service role had %q analysed", table)
		}
	}
	for _, table := range []string{"optout_entries", "optout_versions"} {
		if _, err := e.pool.Pool.Exec(ctx, `SELECT analyze_loaded($1)`, table); err != nil {
			t.Errorf("analyse %s: %v", table, err)
		}
	}
}
