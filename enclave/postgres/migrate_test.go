package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/migrations"
)

func latestVersion(t *testing.T) int32 {
	t.Helper()
	files, err := migrations.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	return int32(len(files))
}

func TestMigrateEmptyThenIdempotent(t *testing.T) {
	t.Parallel()
	db := pgtest.Empty(t)
	ctx := context.Background()
	want := latestVersion(t)
	for run := 1; run <= 2; run++ {
		v, err := postgres.Migrate(ctx, db.OwnerURL, pgtest.ServiceRole)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if v != want {
			t.Errorf("run %d: version %d, want %d", run, v, want)
		}
	}
}

func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	db := pgtest.Empty(t)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, errs[i] = postgres.Migrate(context.Background(), db.OwnerURL, pgtest.ServiceRole) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("migrator %d: %v", i, err)
		}
	}
	conn := db.Super(t)
	var rows int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM "+postgres.VersionTable).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 1 {
		t.Errorf("%s has %d rows, want 1", postgres.VersionTable, rows)
	}
}

func TestServiceRoleIsLeastPrivilege(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	conn, err := pgx.Connect(context.Background(), db.ServiceURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, stmt := range []string{
		"CREATE TABLE intruder (x int)",
		"DELETE FROM api_tokens",
		"UPDATE principals SET role = 'operator'",
		"UPDATE api_tokens SET secret_hash = NULL",
		"TRUNCATE principals CASCADE",
		"DROP TABLE api_tokens",
		"UPDATE " + postgres.VersionTable + " SET version = 0",
	} {
		if _, err := conn.Exec(context.Background(), stmt); err == nil {
			t.Errorf("service role could run %q", stmt)
		}
	}
}

func TestMigrateUnknownServiceRole(t *testing.T) {
	t.Parallel()
	db := pgtest.Empty(t)
	if _, err := postgres.Migrate(context.Background(), db.OwnerURL, "no_such_role"); err == nil {
		t.Fatal("migrate granted to a role that does not exist")
	}
}

// TestServiceRoleCannotOwnTheAuditLog: migrating as the service role would
// make it the owner, whom the audit trigger exempts; it is refused, and a
// server connecting as the owner is refused too.
func TestServiceRoleCannotOwnTheAuditLog(t *testing.T) {
	t.Parallel()
	db := pgtest.Empty(t)
	_, err := postgres.Migrate(context.Background(), db.ServiceURL, pgtest.ServiceRole)
	if err == nil || !strings.Contains(err.Error(), "owner role") {
		t.Fatalf("Migrate as the service role = %v, want a refusal", err)
	}
	if _, err := postgres.Migrate(context.Background(), db.OwnerURL, pgtest.ServiceRole); err != nil {
		t.Fatal(err)
	}
	svc, err := postgres.Open(context.Background(), db.ServiceURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.CheckServiceRole(context.Background()); err != nil {
		t.Errorf("the service role was refused: %v", err)
	}
	owner, err := postgres.Open(context.Background(), db.OwnerURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if err := owner.CheckServiceRole(context.Background()); err == nil {
		t.Error("a server connecting as the owner was not refused")
	}
}

func TestOpenReportsBadURLWithoutIt(t *testing.T) {
	t.Parallel()
	_, err := postgres.Open(context.Background(), "postgres://svc:hunter2@localhost:notaport/db", 1)
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "port") {
		t.Errorf("Open with a bad port = %v", err)
	}
}
