package postgres_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/migrations"
)

// TestApprovedVersionKeptAtApproval (migration 019): the approval that
// makes a project approved keeps its version in the same transaction; a
// refused approval keeps nothing; after a change the project reads with
// the version approved, and the service role can neither add, change nor
// delete a version, nor switch the trigger off.
func TestApprovedVersionKeptAtApproval(t *testing.T) {
	t.Parallel()
	e := newGuardEnv(t)
	ctx := context.Background()
	const id = "prj_approvedv001"
	e.submitted(t, id, false)
	store := &postgres.ProjectStore{DB: e.db.Open(t)}
	if err := e.approve(store, id, "g1"); err != nil {
		t.Fatal(err)
	}
	p, err := store.Project(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := &enclave.ApprovedVersion{Submission: 1, Title: "t", Purpose: "p", LegalBasis: "consent", Datasets: []string{"patients"},
		StartDate: "2025-01-01", ExpiryDate: "2027-01-01", Scope: enclave.Scope{"patients": {"sex"}}, Lead: "r1", Members: []string{"r2"},
		Disclosure: enclave.Disclosure{Threshold: 10, Rounding: 5}}
	if p.Approved == nil {
		t.Fatal("no approved version after the approval")
	}
	want.ApprovedAt = p.Approved.ApprovedAt
	if !reflect.DeepEqual(p.Approved, want) || !p.Approved.ApprovedAt.Equal(p.UpdatedAt) {
		t.Errorf("approved version %+v, want %+v approved at %v", p.Approved, want, p.UpdatedAt)
	}

	for _, stmt := range []string{
		`UPDATE project_approved_versions SET title = 'forged'`,
		`DELETE FROM project_approved_versions`,
		`INSERT INTO project_approved_versions (project_id, submission, approved_at, title, purpose, legal_basis, datasets, start_date, expiry_date)
			VALUES ('` + id + `', 2, now(), 'forged', 'p', 'consent', '{patients}', '2025-01-01', '2027-01-01')`,
		`ALTER TABLE projects DISABLE TRIGGER project_approved_version`,
		`SET session_replication_role = replica`,
	} {
		refused(t, stmt, e.exec(stmt))
	}

	// A change sends it back; its approval on the old submission's
	// approvals is refused, and keeps no version.
	if err := e.exec(`UPDATE projects SET title = 'changed', state = 'submitted', submission = 2 WHERE id = '` + id + `'`); err != nil {
		t.Fatal(err)
	}
	refused(t, "approved without approvals", e.exec(setState(id, "approved")))
	if p, err = store.Project(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got, want := p.ChangesSinceApproval(), []enclave.FieldChange{{Field: "title", Approved: "t", Now: "changed"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the change: %+v, want %+v", got, want)
	}
	if err := e.approve(store, id, "g2"); err != nil {
		t.Fatal(err)
	}
	if p, err = store.Project(ctx, id); err != nil {
		t.Fatal(err)
	}
	if p.Approved.Submission != 2 || p.Approved.Title != "changed" || len(p.ChangesSinceApproval()) != 0 {
		t.Errorf("after the second approval: version %+v, changes %+v", p.Approved, p.ChangesSinceApproval())
	}
	var n int
	if err := e.super.QueryRow(ctx, `SELECT count(*) FROM project_approved_versions WHERE project_id = $1`, id).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d versions kept (%v), want the two approved", n, err)
	}
}

// TestApprovedVersionsBackFilled: migration 019 keeps the version of a
// project approved before it: complete when the project is still approved
// (a change would have sent it back), partial, from the register, when it
// has changed since; none when it was never approved.
func TestApprovedVersionsBackFilled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pdb := pgtest.Empty(t)
	conn, err := pgx.Connect(ctx, pdb.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	m, err := migrate.NewMigrator(ctx, conn, postgres.VersionTable)
	if err != nil {
		t.Fatal(err)
	}
	m.Data = map[string]any{"service_role": pgx.Identifier{pgtest.ServiceRole}.Sanitize(),
		"research_role": pgx.Identifier{postgres.ResearchRole(pgtest.ServiceRole)}.Sanitize()}
	if err := m.LoadMigrations(migrations.FS); err != nil {
		t.Fatal(err)
	}
	if err := m.MigrateTo(ctx, 18); err != nil {
		t.Fatal(err)
	}
	const still, changed, never = "prj_backfill0001", "prj_backfill0002", "prj_backfill0003"
	super := pdb.Super(t)
	for _, stmt := range []string{
		`INSERT INTO principals (id, role, created_at) VALUES ('g1', 'governance', now()), ('r1', 'researcher', now()), ('r2', 'researcher', now())`,
		`INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date, scope, threshold, rounding,
			sensitive, state, submission, optout_ndoo, optout_type1, first_approved_at, created_at, created_by, updated_at)
		VALUES ('` + still + `', 'still', 'p', 'r1', 'consent', '2025-01-01', '2026-01-01', '{"patients": ["sex"]}', 10, 5, false, 'suspended', 1, false, false, '2025-01-02', now(), 'g1', now()),
			('` + changed + `', 'now', 'p', 'r1', 's251_standard', '2025-01-01', '2026-06-01', '{"patients": ["sex"]}', 10, 5, false, 'submitted', 3, false, false, '2025-01-02', now(), 'g1', now()),
			('` + never + `', 'draft', 'p', 'r1', 'consent', '2025-01-01', '2026-01-01', '{"patients": ["sex"]}', 10, 5, false, 'draft', 0, false, false, NULL, now(), 'g1', now())`,
		`INSERT INTO project_members VALUES ('` + still + `', 'r2', now(), 'g1')`,
		`INSERT INTO project_approvals VALUES ('` + changed + `', 2, 'g1', '2025-03-01')`,
		`INSERT INTO register_entries VALUES ('` + still + `', 'still', 'p', 'consent', '{patients}', '2025-01-01', '2026-01-01', '2025-01-02', '2025-01-02'),
			('` + changed + `', 'then', 'p', 'consent', '{patients}', '2025-01-01', '2026-01-01', '2025-01-02', '2025-03-01')`,
	} {
		if _, err := super.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := postgres.Migrate(ctx, pdb.OwnerURL, pgtest.ServiceRole); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, pdb.ServiceURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := &postgres.ProjectStore{DB: db}
	read := func(id string) enclave.Project {
		p, err := store.Project(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := read(still); p.Approved == nil || p.Approved.Partial || p.Approved.Submission != 1 ||
		!reflect.DeepEqual(p.Approved.Members, []string{"r2"}) || len(p.ChangesSinceApproval()) != 0 {
		t.Errorf("a project still approved: version %+v, changes %+v; want it complete and unchanged", p.Approved, p.ChangesSinceApproval())
	}
	want := []enclave.FieldChange{
		{Field: "title", Approved: "then", Now: "now"},
		{Field: "legal_basis", Approved: "consent", Now: "s251_standard"},
		{Field: "expiry_date", Approved: "2026-01-01", Now: "2026-06-01"},
	}
	if p := read(changed); p.Approved == nil || !p.Approved.Partial || p.Approved.Submission != 2 || !reflect.DeepEqual(p.ChangesSinceApproval(), want) {
		t.Errorf("a project changed since: version %+v, changes %+v; want partial on submission 2 with %+v", p.Approved, p.ChangesSinceApproval(), want)
	}
	if p := read(never); p.Approved != nil {
		t.Errorf("a project never approved has version %+v", p.Approved)
	}
}
