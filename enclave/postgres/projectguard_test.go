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

// submitted stores, as the service role, project id submitted (submission
// 1) by g3, led by r1 with member r2; sensitive needs two approvals.
func (e *guardEnv) submitted(t *testing.T, id string, sensitive bool) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.service.Exec(ctx, `INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date, scope, threshold, rounding,
			sensitive, state, submission, optout_ndoo, optout_type1, created_at, created_by, updated_at)
		VALUES ($1, 't', 'p', 'r1', 'consent', '2025-01-01', '2027-01-01', '{"patients": ["sex"]}', 10, 5, $2, 'submitted', 1, false, false, now(), 'g3', now())`, id, sensitive); err != nil {
		t.Fatal(err)
	}
	if _, err := e.service.Exec(ctx, `INSERT INTO project_members VALUES ($1, 'r2', now(), 'g3')`, id); err != nil {
		t.Fatal(err)
	}
}

// approve has officer approve project as the service does: the approval,
// the state and its audited event in one transaction.
func (e *guardEnv) approve(store *postgres.ProjectStore, project, officer string) error {
	_, err := store.Act(context.Background(), project, func(p enclave.Project) (enclave.ProjectChange, error) {
		actor := enclave.Actor{Principal: enclave.Principal{ID: officer, Role: enclave.RoleGovernance}}
		now := time.Now()
		c := enclave.ProjectChange{After: p, Approve: officer}
		c.After.State, c.After.FirstApprovedAt = "approved", &now
		c.History = enclave.ProjectHistory{At: now, Actor: officer, Action: "project.approve", StateBefore: p.State, StateAfter: "approved",
			Codes: []string{}, Revision: "r"}
		c.Event = e.audit.Event(actor, audit.KindProjectApprove, "project", project, audit.OutcomeSuccess, nil, map[string]any{"submission": p.Submission})
		return c, nil
	})
	return err
}

func approveProject(id, officer string, submission int) string {
	return fmt.Sprintf(`INSERT INTO project_approvals VALUES ('%s', %d, '%s', now())`, id, submission, officer)
}

func setState(id, state string) string {
	return fmt.Sprintf(`UPDATE projects SET state = '%s' WHERE id = '%s'`, state, id)
}

// TestServiceRoleCannotApproveAProject (issue 13): the same reasoning as
// for held results. Holding the service role, an attacker cannot store a
// project approved, approve one without the approvals of its current
// submission (distinct governance officers independent of it, each
// audited), or take its submission back to one approved before. The
// service's own path still approves, and resuming a suspended project
// needs nothing new.
func TestServiceRoleCannotApproveAProject(t *testing.T) {
	t.Parallel()
	e := newGuardEnv(t)
	const id, sensitive = "prj_guardproj001", "prj_guardproj002"
	refused(t, "a project stored approved", e.exec(`INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date, scope,
			threshold, rounding, sensitive, state, submission, optout_ndoo, optout_type1, created_at, created_by, updated_at)
		VALUES ('prj_guardproj009', 't', 'p', 'r1', 'consent', '2025-01-01', '2027-01-01', '{}', 10, 5, false, 'approved', 1, false, false, now(), 'g3', now())`))
	e.submitted(t, id, false)
	e.submitted(t, sensitive, true)

	refused(t, "a bare UPDATE", e.exec(setState(id, "approved")))
	refused(t, "straight to active", e.exec(setState(id, "active")))
	refused(t, "an approval not audited", e.exec(approveProject(id, "g1", 1), setState(id, "approved")))
	for _, who := range []string{"g3", "r2", "op"} {
		e.audited(t, who, audit.KindProjectApprove, "project", id, map[string]any{"submission": 1})
	}
	e.audited(t, "g2", audit.KindProjectApprove, "project", id, map[string]any{"submission": 0})
	refused(t, "its creator's approval", e.exec(approveProject(id, "g3", 1), setState(id, "approved")))
	refused(t, "a member's approval", e.exec(approveProject(id, "r2", 1), setState(id, "approved")))
	refused(t, "an operator's approval", e.exec(approveProject(id, "op", 1), setState(id, "approved")))
	refused(t, "an approval audited for another submission", e.exec(approveProject(id, "g2", 1), setState(id, "approved")))
	e.audited(t, "g1", audit.KindProjectApprove, "project", sensitive, map[string]any{"submission": 1})
	refused(t, "one approval of a sensitive project's two", e.exec(approveProject(sensitive, "g1", 1), setState(sensitive, "approved")))
	for _, stmt := range []string{
		"SET session_replication_role = replica",
		"ALTER TABLE projects DISABLE TRIGGER projects_approved",
		"UPDATE approval_settings SET project_sensitive = 1",
	} {
		if err := e.exec(stmt); err == nil {
			t.Errorf("the service role could run %q", stmt)
		}
	}
	if got := e.state(t, "projects", id); got != "submitted" {
		t.Fatalf("after the attempts the project is %s", got)
	}

	// The service's own path: g1 approves submission 1 in the transaction
	// that audits it.
	store := &postgres.ProjectStore{DB: e.db.Open(t)}
	approveAs := func(project, officer string) error { return e.approve(store, project, officer) }
	if err := approveAs(id, "g1"); err != nil {
		t.Fatalf("the service's approval: %v", err)
	}
	if got := e.state(t, "projects", id); got != "approved" {
		t.Errorf("after an audited approval the project is %s, want approved", got)
	}
	if err := approveAs(sensitive, "g1"); err == nil {
		t.Errorf("a sensitive project approved by one officer")
	}
	if err := e.exec(approveProject(sensitive, "g1", 1)); err != nil {
		t.Fatal(err)
	}
	if err := approveAs(sensitive, "g2"); err != nil {
		t.Errorf("a sensitive project's second audited approval: %v", err)
	}

	// Suspended and resumed, nothing new is needed; a new submission needs
	// its own approvals, and the old one's cannot be brought back.
	if err := e.exec(setState(id, "suspended"), setState(id, "active")); err != nil {
		t.Errorf("suspend and resume: %v", err)
	}
	if err := e.exec(`UPDATE projects SET state = 'submitted', submission = 2 WHERE id = '` + id + `'`); err != nil {
		t.Fatal(err)
	}
	refused(t, "the approved submission brought back", e.exec(`UPDATE projects SET state = 'approved', submission = 1 WHERE id = '`+id+`'`))
	refused(t, "the new submission approved on the old one's approvals", e.exec(setState(id, "approved")))
}
