package localpg

import (
	"strings"
	"testing"
)

// TestStandbyReplicatesThePrimary: a standby made with StartStandby is in
// recovery, refuses writes, and shows what the primary commits once it has
// replayed it; restarted on the same Dir it is a standby still.
func TestStandbyReplicatesThePrimary(t *testing.T) {
	binDir := requireBinDir(t)
	primary, err := Start(t.Context(), testOptions(t, binDir, stateDir(t, 0o711)))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	stopOnCleanup(t, primary)
	opts := testOptions(t, binDir, stateDir(t, 0o711))
	standby, err := StartStandby(t.Context(), primary, opts)
	if err != nil {
		t.Fatalf("StartStandby: %v", err)
	}
	stopOnCleanup(t, standby)
	if standby.Port() == primary.Port() {
		t.Fatalf("the standby listens on the primary's port %d", primary.Port())
	}
	if got := psql(t, binDir, nil, standby.URL("postgres"), "-c", "SELECT pg_is_in_recovery()"); got != "t" {
		t.Errorf("pg_is_in_recovery() on the standby = %s, want t", got)
	}
	lsn := psql(t, binDir, nil, primary.URL("postgres"), "-c",
		"CREATE TABLE replicated (n int); INSERT INTO replicated VALUES (42); SELECT pg_current_wal_insert_lsn()")
	caughtUp(t, binDir, standby, lsn)
	if got := psql(t, binDir, nil, standby.URL("postgres"), "-c", "SELECT n FROM replicated"); got != "42" {
		t.Errorf("the standby reads %q, want 42", got)
	}

	if err := standby.Stop(t.Context()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	again, err := StartStandby(t.Context(), primary, opts)
	if err != nil {
		t.Fatalf("StartStandby on the same Dir: %v", err)
	}
	stopOnCleanup(t, again)
	if got := psql(t, binDir, nil, again.URL("postgres"), "-c", "SELECT pg_is_in_recovery()"); got != "t" {
		t.Errorf("restarted, pg_is_in_recovery() = %s, want t", got)
	}
}

// caughtUp waits until standby has replayed the primary's WAL up to lsn,
// with psql's own sleep between polls, for as long as the test may run.
func caughtUp(t *testing.T, binDir string, standby *Cluster, lsn string) {
	t.Helper()
	lsn = lsn[strings.LastIndex(lsn, "\n")+1:]
	for psql(t, binDir, nil, standby.URL("postgres"), "-c", "SELECT pg_last_wal_replay_lsn() >= '"+lsn+"'") != "t" {
		psql(t, binDir, nil, standby.URL("postgres"), "-c", "SELECT pg_sleep(0.01)")
	}
}
