package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres"
)

const guardProject = "prj_guardguard01"

// heldFixture stores, as the superuser, an approved project led by r1 and
// a result of r1's held on it in state.
func (e *guardEnv) heldFixture(t *testing.T, id, state string) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.super.Exec(ctx, `INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date, scope, threshold, rounding,
			sensitive, state, submission, optout_ndoo, optout_type1, created_at, created_by, updated_at)
		VALUES ($1, 't', 'p', 'r1', 'consent', '2025-01-01', '2027-01-01', '{}', 10, 5, false, 'approved', 1, false, false, now(), 'g3', now())
		ON CONFLICT DO NOTHING`, guardProject); err != nil {
		t.Fatal(err)
	}
	if _, err := e.super.Exec(ctx, `INSERT INTO held_results (id, project_id, requester, query_hash, query, held_for, manifest, result, summary,
			project_submission, catalogue_revision, optout_lists, state, created_at, updated_at)
		VALUES ($1, $2, 'r1', 'sha256:q', '{}', '[]', '{}', '{}', '{}', 1, 'c', '{}', $3, now(), now())`, id, guardProject, state); err != nil {
		t.Fatal(err)
	}
}

// approve is the statement that records officer's approval of result id.
func approve(id, officer string) string {
	return fmt.Sprintf(`INSERT INTO result_reviews (result_id, officer, action, at, decision_codes, policy_revision)
		VALUES ('%s', '%s', 'approve', now(), '{}', 'r')`, id, officer)
}

func releaseHeld(id string) string {
	return fmt.Sprintf(`UPDATE held_results SET state = 'released' WHERE id = '%s'`, id)
}

// TestServiceRoleCannotReleaseAHeldResult (issue 13, finding 4): holding
// the service's database role, an attacker once released a held result
// with one UPDATE, no approvals and no audit event. The database now
// refuses every way round the four eyes it can check: too few approvals,
// the requester's own, an approval not by an officer or not audited, a
// release not audited, a rejected result, a result stored released, and
// the ways to switch a trigger off or stand in for a table. The service's
// own path still releases.
func TestServiceRoleCannotReleaseAHeldResult(t *testing.T) {
	t.Parallel()
	e := newGuardEnv(t)
	const id = "res_guardheld001"
	e.heldFixture(t, id, "held")

	refused(t, "a bare UPDATE", e.exec(releaseHeld(id)))
	refused(t, "two approvals, neither audited", e.exec(approve(id, "g1"), approve(id, "g2"), releaseHeld(id)))
	e.audited(t, "g1", audit.KindReviewApprove, "result", id, nil)
	e.audited(t, "r1", audit.KindReviewApprove, "result", id, nil)
	e.audited(t, "op", audit.KindReviewApprove, "result", id, nil)
	e.audited(t, "g2", audit.KindReviewRelease, "result", id, nil)
	refused(t, "one audited approval of two", e.exec(approve(id, "g1"), releaseHeld(id)))
	refused(t, "the requester's approval", e.exec(approve(id, "g1"), approve(id, "r1"), releaseHeld(id)))
	refused(t, "an operator's approval", e.exec(approve(id, "g1"), approve(id, "op"), releaseHeld(id)))
	refused(t, "a second approval not audited", e.exec(approve(id, "g1"), approve(id, "g2"), releaseHeld(id)))
	refused(t, "checked at once", e.exec("SET CONSTRAINTS ALL IMMEDIATE", releaseHeld(id)))
	refused(t, "temporary tables standing in for the approvals and the log", e.exec(
		"CREATE TEMP TABLE result_reviews ON COMMIT DROP AS SELECT * FROM public.result_reviews WITH NO DATA",
		"CREATE TEMP TABLE audit_events ON COMMIT DROP AS SELECT * FROM public.audit_events WITH NO DATA",
		fmt.Sprintf(`INSERT INTO pg_temp.result_reviews (result_id, officer, action, at, decision_codes, policy_revision)
			VALUES ('%[1]s', 'g1', 'approve', now(), '{}', 'r'), ('%[1]s', 'g2', 'approve', now(), '{}', 'r')`, id),
		fmt.Sprintf(`INSERT INTO pg_temp.audit_events SELECT * FROM public.audit_events WHERE target_id = '%s'`, id),
		fmt.Sprintf(`INSERT INTO pg_temp.audit_events (seq, canonical, leaf_hash, recorded_at, principal_id, role, kind, target_type, target_id, outcome, event)
			SELECT seq + 1000, canonical, leaf_hash, recorded_at, 'g2', role, kind, target_type, target_id, outcome, event
			FROM public.audit_events WHERE target_id = '%s' AND principal_id = 'g1'`, id),
		releaseHeld(id)))
	for _, stmt := range []string{
		"SET session_replication_role = replica",
		"ALTER TABLE held_results DISABLE TRIGGER held_results_reviewed",
		"DROP TRIGGER held_results_transition ON held_results",
		"CREATE OR REPLACE FUNCTION held_results_reviewed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
		"UPDATE approval_settings SET review = 1",
	} {
		if err := e.exec(stmt); err == nil {
			t.Errorf("the service role could run %q", stmt)
		}
	}
	if got := e.state(t, "held_results", id); got != "held" {
		t.Fatalf("after the attempts the result is %s", got)
	}

	// Stored released, or a rejected one released: never.
	refused(t, "a result stored released", e.exec(`INSERT INTO held_results (id, project_id, requester, query_hash, query, held_for, manifest, result, summary,
			project_submission, catalogue_revision, optout_lists, state, created_at, updated_at)
		VALUES ('res_guardstored1', '`+guardProject+`', 'r1', 'sha256:q', '{}', '[]', '{}', '{}', '{}', 1, 'c', '{}', 'released', now(), now())`))
	const rejected = "res_guardrejct01"
	e.heldFixture(t, rejected, "rejected")
	for _, o := range []string{"g1", "g2"} {
		e.audited(t, o, audit.KindReviewApprove, "result", rejected, nil)
	}
	e.audited(t, "g1", audit.KindReviewRelease, "result", rejected, nil)
	refused(t, "a rejected result released", e.exec(approve(rejected, "g1"), approve(rejected, "g2"), releaseHeld(rejected)))
	refused(t, "a rejection with no audited rejection", e.exec(`UPDATE held_results SET state = 'rejected' WHERE id = '`+id+`'`))

	// The service's own path: two officers, each audited, in the
	// transaction that writes their approval.
	store := &postgres.HeldStore{DB: e.db.Open(t)}
	for i, officer := range []string{"g2", "g3"} {
		err := store.ActOnHeld(context.Background(), id, func(r enclave.HeldResult, _ enclave.Project, _ map[string]string) (enclave.HeldChange, error) {
			actor := enclave.Actor{Principal: enclave.Principal{ID: officer, Role: enclave.RoleGovernance}}
			c := enclave.HeldChange{After: r, Action: "approve", Step: enclave.ReviewStep{Officer: officer, At: time.Now()}, Codes: []string{}, Policy: "r",
				Events: []audit.Event{e.audit.Event(actor, audit.KindReviewApprove, "result", id, audit.OutcomeSuccess, nil, nil)}}
			if i == 1 {
				c.After.State = enclave.ResultReleased
				c.Events = append(c.Events, e.audit.Event(actor, audit.KindReviewRelease, "result", id, audit.OutcomeSuccess, nil, nil))
			}
			return c, nil
		})
		if err != nil {
			t.Fatalf("approval by %s: %v", officer, err)
		}
	}
	if got := e.state(t, "held_results", id); got != "released" {
		t.Errorf("after two audited approvals the result is %s, want released", got)
	}
	refused(t, "a released result held again", e.exec(`UPDATE held_results SET state = 'held' WHERE id = '`+id+`'`))
}
