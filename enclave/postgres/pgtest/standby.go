package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

// Standby is a hot standby of the test cluster, made for one test with
// pg_basebackup (localpg.StartStandby): PostgreSQL's own streaming
// replication, as production runs it, with the test's database in it.
type Standby struct {
	ServiceURL string // the test's database on the standby, as ServiceRole
	cluster    *localpg.Cluster
}

// NewStandby starts a standby of the test cluster, stopped when t ends, and
// returns once it has replayed everything the primary wrote before, d's
// database included. It needs the throwaway cluster: on
// ENCLAVE_TEST_DATABASE_URL's server it skips loudly (and fails in CI).
func (d *DB) NewStandby(t testing.TB) *Standby {
	t.Helper()
	if env.cluster == nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pgtest: standby tests need the throwaway cluster, not ENCLAVE_TEST_DATABASE_URL")
		}
		t.Skip("SKIPPING: standby tests need the throwaway cluster; ENCLAVE_TEST_DATABASE_URL names a server pgtest cannot copy")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Run as root, the server's data lands in localpg's /var/tmp fallback,
	// which Remove deletes too.
	dir := filepath.Join(t.TempDir(), "standby")
	c, err := localpg.StartStandby(ctx, env.cluster, localpg.Options{Dir: dir, Settings: env.settings})
	if err != nil {
		t.Fatalf("pgtest: start a standby: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = c.Stop(ctx)
		_ = localpg.Remove(dir)
	})
	s := &Standby{ServiceURL: withUser(c.URL(d.Name), ServiceRole, servicePassword, d.Name), cluster: c}
	s.CatchUp(t)
	return s
}

// CatchUp returns once the standby has replayed everything the primary
// has written so far.
func (s *Standby) CatchUp(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	primary, err := pgx.Connect(ctx, env.super)
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close(ctx)
	lsn, err := postgres.WALPosition(ctx, primary)
	if err != nil {
		t.Fatal(err)
	}
	standby, err := pgx.Connect(ctx, s.cluster.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer standby.Close(ctx)
	for {
		_, replayed, err := postgres.Replayed(ctx, standby, lsn)
		if err != nil {
			t.Fatalf("pgtest: waiting for the standby to replay up to %s: %v", lsn, err)
		}
		if replayed {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// PauseReplay stops the standby replaying the primary's WAL, as a lagging
// standby would, until ResumeReplay: it still receives it.
func (s *Standby) PauseReplay(t testing.TB) { s.exec(t, "SELECT pg_wal_replay_pause()") }

// ResumeReplay undoes PauseReplay.
func (s *Standby) ResumeReplay(t testing.TB) { s.exec(t, "SELECT pg_wal_replay_resume()") }

// Stop stops the standby, as an outage would.
func (s *Standby) Stop(t testing.TB) {
	t.Helper()
	if err := s.cluster.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (s *Standby) exec(t testing.TB, sql string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), s.cluster.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("pgtest: %s on the standby: %v", sql, err)
	}
}
