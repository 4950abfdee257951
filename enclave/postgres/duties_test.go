package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// serviceConn connects to db as the service role, as the server does.
func serviceConn(t *testing.T, db *pgtest.DB) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), db.ServiceURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// mustExec runs each statement on conn, failing the test on an error.
func mustExec(t *testing.T, conn *pgx.Conn, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := conn.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// refusedWith wants stmt to fail on conn with an error mentioning want.
func refusedWith(t *testing.T, conn *pgx.Conn, want, stmt string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), stmt); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: %v, want it refused with %q", stmt, err, want)
	}
}

// TestServiceRoleCannotEnrolAnOfficerAlone: connected as the service role,
// nobody makes a governance officer or an auditor active without an active
// officer's approval, and nobody but another officer gives it; a decision is
// final. The owner role bootstraps the first officer.
func TestServiceRoleCannotEnrolAnOfficerAlone(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	owner, err := pgx.Connect(context.Background(), db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(context.Background())
	mustExec(t, owner, `INSERT INTO principals (id, role, created_at) VALUES ('vera', 'governance', now())`)
	svc := serviceConn(t, db)
	mustExec(t, svc,
		`INSERT INTO principals (id, role, created_at) VALUES ('otto', 'operator', now())`,
		`INSERT INTO principals (id, role, created_at, created_by) VALUES ('rita', 'researcher', now(), 'otto')`,
		`INSERT INTO principals (id, role, created_at, created_by, state) VALUES ('gwen', 'governance', now(), 'otto', 'pending')`,
		`INSERT INTO principals (id, role, created_at, created_by, state) VALUES ('aldo', 'auditor', now(), 'otto', 'pending')`)

	for _, c := range []struct{ want, stmt string }{
		{"pending", `INSERT INTO principals (id, role, created_at, created_by) VALUES ('gina', 'governance', now(), 'otto')`},
		{"pending", `INSERT INTO principals (id, role, created_at) VALUES ('gina', 'governance', now())`},
		{"pending", `INSERT INTO principals (id, role, created_at, created_by, state) VALUES ('gina', 'governance', now(), NULL, 'pending')`},
		{"pending", `INSERT INTO principals (id, role, created_at, created_by) VALUES ('ada', 'auditor', now(), 'otto')`},
		{"decided after", `INSERT INTO principals (id, role, created_at, created_by, state, decided_by, decided_at) VALUES ('gina', 'governance', now(), 'otto', 'active', 'vera', now())`},
		{"only an active governance officer", `UPDATE principals SET state = 'active', decided_by = 'otto', decided_at = now() WHERE id = 'gwen'`},
		{"only an active governance officer", `UPDATE principals SET state = 'active', decided_by = 'aldo', decided_at = now() WHERE id = 'gwen'`},
		{"only an active governance officer", `UPDATE principals SET state = 'active', decided_by = 'gwen', decided_at = now() WHERE id = 'aldo'`},
		{"only an active governance officer", `UPDATE principals SET state = 'active' WHERE id = 'gwen'`},
		{"permission denied", `UPDATE principals SET role = 'researcher' WHERE id = 'gwen'`},
		{"permission denied", `UPDATE principals SET created_by = NULL WHERE id = 'gwen'`},
	} {
		refusedWith(t, svc, c.want, c.stmt)
	}
	// Whoever asked for an enrolment does not decide it, officer or not.
	mustExec(t, svc, `INSERT INTO principals (id, role, created_at, created_by, state) VALUES ('gus', 'governance', now(), 'vera', 'pending')`)
	refusedWith(t, svc, "did not ask for it", `UPDATE principals SET state = 'active', decided_by = 'vera', decided_at = now() WHERE id = 'gus'`)
	mustExec(t, svc, `UPDATE principals SET state = 'active', decided_by = 'vera', decided_at = now() WHERE id = 'gwen'`)
	refusedWith(t, svc, "decided once", `UPDATE principals SET state = 'refused', decided_by = 'vera', decided_at = now() WHERE id = 'gwen'`)
	refusedWith(t, svc, "decided once", `UPDATE principals SET decided_by = 'gwen' WHERE id = 'gwen'`)
	// gwen, now an officer, decides the auditor's enrolment.
	mustExec(t, svc, `UPDATE principals SET state = 'refused', decided_by = 'gwen', decided_at = now(), decision_reason = 'unknown' WHERE id = 'aldo'`)
	refusedWith(t, svc, "decided once", `UPDATE principals SET state = 'active' WHERE id = 'aldo'`)
}

// TestServiceRoleCannotCountLinkedOfficers: connected as the service role,
// an approval whose officer is linked by enrolment (one enrolled, or
// approved the enrolment of, the other) to the project's creator, the
// result's requester or an earlier approver is refused.
func TestServiceRoleCannotCountLinkedOfficers(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	super := db.Super(t)
	mustExec(t, super,
		`INSERT INTO principals (id, role, created_at) VALUES ('vera', 'governance', now()), ('gina', 'governance', now()), ('otto', 'operator', now())`,
		`INSERT INTO principals (id, role, created_at, created_by, decided_by, decided_at) VALUES
			('gwen', 'governance', now(), 'otto', 'gina', now()), ('gary', 'governance', now(), 'otto', 'vera', now())`,
		`INSERT INTO principals (id, role, created_at, created_by) VALUES ('rita', 'researcher', now(), 'otto')`,
		`INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date, scope, threshold, rounding,
			sensitive, state, submission, optout_ndoo, optout_type1, created_at, created_by, updated_at)
			VALUES ('prj_000000000001', 't', 'p', 'rita', 'consent', '2025-01-01', '2099-01-01', '{}', 10, 5, true, 'submitted', 1,
			false, false, now(), 'gina', now())`,
		`INSERT INTO held_results (id, project_id, requester, query_hash, query, held_for, manifest, result, summary,
			project_submission, catalogue_revision, optout_lists, state, created_at, updated_at)
			VALUES ('res_000000000001', 'prj_000000000001', 'rita', 'sha256:q', '{}', '[]', '{}', '{}', '{}', 1, 'c', '{}', 'held', now(), now())`)
	svc := serviceConn(t, db)
	approveProject := func(officer string) string {
		return `INSERT INTO project_approvals VALUES ('prj_000000000001', 1, '` + officer + `', now())`
	}
	approveResult := func(officer string) string {
		return `INSERT INTO result_reviews (result_id, officer, action, at, decision_codes, policy_revision)
			VALUES ('res_000000000001', '` + officer + `', 'approve', now(), '{}', 'r')`
	}
	// gina created the project and approved gwen's enrolment.
	refusedWith(t, svc, "linked by enrolment", approveProject("gwen"))
	mustExec(t, svc, approveProject("vera"))
	// vera approved gary's enrolment, and has approved the submission.
	refusedWith(t, svc, "linked by enrolment", approveProject("gary"))
	// On the result: gwen first, then gina, who approved gwen's enrolment.
	mustExec(t, svc, approveResult("gwen"))
	refusedWith(t, svc, "linked by enrolment", approveResult("gina"))
	mustExec(t, svc, approveResult("vera"))
	refusedWith(t, svc, "linked by enrolment", approveResult("gary"))
	// An empty temporary table named principals hides no link.
	mustExec(t, svc, `CREATE TEMP TABLE principals (LIKE public.principals INCLUDING DEFAULTS)`)
	refusedWith(t, svc, "linked by enrolment", approveProject("gary"))
	mustExec(t, svc, `DROP TABLE pg_temp.principals`)
	// A rejection is no approval: anyone may add one.
	mustExec(t, svc, `INSERT INTO result_reviews (result_id, officer, action, at, reason, decision_codes, policy_revision)
		VALUES ('res_000000000001', 'gina', 'reject', now(), 'no', '{}', 'r')`)
}

// TestTokenLineageHoldsInTheDatabase: connected as the service role, a
// minted token never outlives its parent nor belongs to another principal,
// a revoked parent mints nothing, a principal holds at most 5 live minted
// tokens, revoking a token revokes every token it minted, transitively, and
// a revocation is final.
func TestTokenLineageHoldsInTheDatabase(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	svc := serviceConn(t, db)
	token := func(id, principal, parent, expires string) string {
		p := "NULL"
		if parent != "" {
			p = "'" + parent + "'"
		}
		return `INSERT INTO api_tokens (id, principal_id, secret_hash, created_at, expires_at, parent_id)
			VALUES ('` + id + `', '` + principal + `', sha256('` + id + `'::bytea), now(), now() + interval '` + expires + `', ` + p + `)`
	}
	mustExec(t, svc,
		`INSERT INTO principals (id, role, created_at) VALUES ('otto', 'operator', now())`,
		`INSERT INTO principals (id, role, created_at, created_by) VALUES ('rita', 'researcher', now(), 'otto'), ('omar', 'researcher', now(), 'otto')`,
		token("tok_root000000000000", "rita", "", "1 hour"),
		token("tok_omar000000000000", "omar", "", "1 hour"),
		token("tok_child00000000000", "rita", "tok_root000000000000", "30 minutes"),
		token("tok_grand00000000000", "rita", "tok_child00000000000", "10 minutes"))
	refusedWith(t, svc, "never outlives", token("tok_long000000000000", "rita", "tok_root000000000000", "2 hours"))
	refusedWith(t, svc, "own principal", token("tok_other00000000000", "omar", "tok_root000000000000", "10 minutes"))
	for _, id := range []string{"tok_more000000000001", "tok_more000000000002", "tok_more000000000003"} {
		mustExec(t, svc, token(id, "rita", "tok_root000000000000", "10 minutes"))
	}
	refusedWith(t, svc, "at most 5", token("tok_more000000000004", "rita", "tok_root000000000000", "10 minutes"))

	mustExec(t, svc, `UPDATE api_tokens SET revoked_at = now(), revoked_by = 'otto' WHERE id = 'tok_root000000000000'`)
	var live int
	if err := svc.QueryRow(context.Background(), `SELECT count(*) FROM api_tokens WHERE principal_id = 'rita' AND revoked_at IS NULL`).Scan(&live); err != nil || live != 0 {
		t.Errorf("rita's live tokens after her root was revoked: %d %v, want 0", live, err)
	}
	if err := svc.QueryRow(context.Background(), `SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL`).Scan(&live); err != nil || live != 1 {
		t.Errorf("live tokens: %d %v, want omar's only", live, err)
	}
	refusedWith(t, svc, "mints nothing", token("tok_late000000000000", "rita", "tok_root000000000000", "10 minutes"))
	refusedWith(t, svc, "stays revoked", `UPDATE api_tokens SET revoked_at = NULL, revoked_by = NULL WHERE id = 'tok_grand00000000000'`)
	refusedWith(t, svc, "stays revoked", `UPDATE api_tokens SET revoked_at = now() + interval '1 day' WHERE id = 'tok_child00000000000'`)
	refusedWith(t, svc, "replaces only a revoked token", `INSERT INTO api_tokens (id, principal_id, secret_hash, created_at, expires_at, rotated_from)
		VALUES ('tok_rot0000000000000', 'omar', sha256('x'::bytea), now(), now() + interval '1 hour', 'tok_omar000000000000')`)
}

// TestDutyGuardsReadTheRealTables: a temporary table the service role
// names like one a guard reads cannot stand in for it: not a made-up
// officer to decide an enrolment, nor a made-up parent that lives longer.
func TestDutyGuardsReadTheRealTables(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	mustExec(t, db.Super(t), `INSERT INTO principals (id, role, created_at) VALUES ('vera', 'governance', now())`)
	svc := serviceConn(t, db)
	mustExec(t, svc,
		`INSERT INTO principals (id, role, created_at) VALUES ('otto', 'operator', now())`,
		`INSERT INTO principals (id, role, created_at, created_by, state) VALUES ('gwen', 'governance', now(), 'otto', 'pending')`,
		`INSERT INTO principals (id, role, created_at, created_by) VALUES ('rita', 'researcher', now(), 'otto'), ('mallory', 'operator', now(), 'otto')`,
		`INSERT INTO api_tokens (id, principal_id, secret_hash, created_at, expires_at) VALUES ('tok_root000000000000', 'rita', sha256('r'::bytea), now(), now() + interval '1 hour')`,
		`CREATE TEMP TABLE principals (LIKE public.principals INCLUDING DEFAULTS)`,
		`INSERT INTO principals (id, role, state, created_at) VALUES ('mallory', 'governance', 'active', now())`,
		`CREATE TEMP TABLE api_tokens (LIKE public.api_tokens INCLUDING DEFAULTS)`,
		`INSERT INTO api_tokens (id, principal_id, secret_hash, created_at, expires_at) VALUES ('tok_root000000000000', 'rita', sha256('r'::bytea), now(), now() + interval '1 year')`)
	refusedWith(t, svc, "only an active governance officer", `UPDATE public.principals SET state = 'active', decided_by = 'mallory', decided_at = now() WHERE id = 'gwen'`)
	refusedWith(t, svc, "never outlives", `INSERT INTO public.api_tokens (id, principal_id, secret_hash, created_at, expires_at, parent_id)
		VALUES ('tok_child00000000000', 'rita', sha256('c'::bytea), now(), now() + interval '1 day', 'tok_root000000000000')`)
}
