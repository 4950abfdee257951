package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/optout"
)

// TestGuardsReadTheRealTables: a temporary table is searched before every
// schema its session does not list it after. The guards of migrations 008
// (the current opt-out list's pids) and 012 (membership history) named
// their tables unqualified without pinning pg_temp last, so the service
// role could stand a temporary table in for the one a guard reads or
// writes: mark the current list superseded and delete its pids, or add a
// member whose membership the history never learns. Migration 013 pins
// their search_path.
func TestGuardsReadTheRealTables(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("the current opt-out list", func(t *testing.T) {
		t.Parallel()
		e := newOptOutEnv(t)
		if _, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", datFile(synthetic(0, 10)...)); err != nil {
			t.Fatal(err)
		}
		service, err := pgx.Connect(ctx, e.db.ServiceURL)
		if err != nil {
			t.Fatal(err)
		}
		defer service.Close(ctx)
		err = pgx.BeginFunc(ctx, service, func(tx pgx.Tx) error {
			for _, stmt := range []string{
				"CREATE TEMP TABLE optout_versions ON COMMIT DROP AS SELECT id, now() AS superseded_at FROM public.optout_versions",
				"DELETE FROM optout_entries",
			} {
				if _, err := tx.Exec(ctx, stmt); err != nil {
					return err
				}
			}
			return nil
		})
		refused(t, "the current list's pids deleted behind a temporary table", err)
		if got := e.count(t, `SELECT count(*) FROM optout_entries`); got != 10 {
			t.Errorf("%d of the current list's 10 pids left", got)
		}
	})
	t.Run("membership history", func(t *testing.T) {
		t.Parallel()
		e := newGuardEnv(t)
		e.submitted(t, "prj_guardshadow1", false)
		err := e.exec(
			"CREATE TEMP TABLE project_member_history ON COMMIT DROP AS SELECT * FROM public.project_member_history WITH NO DATA",
			"GRANT ALL ON pg_temp.project_member_history TO PUBLIC",
			"INSERT INTO project_members VALUES ('prj_guardshadow1', 'g1', now(), 'g3')")
		if err != nil {
			t.Logf("adding a member behind a temporary table: %v", err)
		}
		var added, known bool
		if err := e.super.QueryRow(ctx, `SELECT
				EXISTS (SELECT FROM project_members WHERE project_id = 'prj_guardshadow1' AND principal_id = 'g1'),
				EXISTS (SELECT FROM project_member_history WHERE project_id = 'prj_guardshadow1' AND principal_id = 'g1')`).Scan(&added, &known); err != nil {
			t.Fatal(err)
		}
		if added && !known {
			t.Errorf("a member added behind a temporary table is missing from the membership history")
		}
	})
}
