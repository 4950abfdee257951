// Package pgtest gives tests a real PostgreSQL: one throwaway cluster per test
// binary (started from the installed server binaries on first use), a
// database migrated once as a template, and a fresh clone of it per test.
// ENCLAVE_TEST_DATABASE_URL points the tests at an existing server instead
// (its user must be able to create roles and databases).
//
// Without PostgreSQL the tests that need it skip with a loud reason, except
// when CI=true, where they fail: CI must never pass by skipping.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

// The roles the tests connect as. They are cluster-wide, shared by every
// test database, and mirror the production split: the owner migrates, the
// service role gets only the privileges the migrations grant.
const (
	OwnerRole   = "enclave_owner"
	ServiceRole = "enclave_service"
	// Passwords of the test roles: the clusters are throwaway and listen on
	// 127.0.0.1 only.
	ownerPassword   = "owner-test-password"
	servicePassword = "service-test-password"
)

var env struct {
	once     sync.Once
	err      error
	cluster  *localpg.Cluster
	settings map[string]string // the cluster's, which its standbys take too
	tempDir  string
	super    string // superuser URL, database "postgres"
	template string // name of the migrated template database
	cloneMu  sync.Mutex
}

// Run runs the tests and then stops the cluster and removes the template
// database, if the tests started them.
func Run(m *testing.M) int {
	code := m.Run()
	shutdown()
	return code
}

// DB is one test's database.
type DB struct {
	Name       string
	OwnerURL   string // connects as OwnerRole
	ServiceURL string // connects as ServiceRole
	SuperURL   string // connects as a superuser, for tests that tamper or inspect

	superOnce sync.Once
	super     *pgx.Conn // SharedSuper's
}

// New returns a fresh migrated database for t, dropped when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	env.once.Do(setup)
	if env.err != nil {
		unavailable(t, env.err)
	}
	name := "test_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	env.cloneMu.Lock()
	err := superExec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+env.template+" OWNER "+OwnerRole)
	env.cloneMu.Unlock()
	if err != nil {
		t.Fatalf("pgtest: clone template: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := superExec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	return &DB{
		Name:       name,
		OwnerURL:   withUser(env.super, OwnerRole, ownerPassword, name),
		ServiceURL: withUser(env.super, ServiceRole, servicePassword, name),
		SuperURL:   withDatabase(env.super, name),
	}
}

// Open connects to the database as the service role, closing at cleanup.
func (d *DB) Open(t testing.TB) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), d.ServiceURL, 8)
	if err != nil {
		t.Fatalf("pgtest: open %s: %v", d.Name, err)
	}
	t.Cleanup(db.Close)
	return db
}

// Empty returns a new, empty (unmigrated) database owned by OwnerRole, dropped when t ends; for tests of migrations themselves.
func Empty(t testing.TB) *DB {
	t.Helper()
	env.once.Do(setup)
	if env.err != nil {
		unavailable(t, env.err)
	}
	name := "empty_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := superExec(ctx, "CREATE DATABASE "+name+" OWNER "+OwnerRole); err != nil {
		t.Fatalf("pgtest: create empty database: %v", err)
	}
	t.Cleanup(func() { _ = superExec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return &DB{
		Name:       name,
		OwnerURL:   withUser(env.super, OwnerRole, ownerPassword, name),
		ServiceURL: withUser(env.super, ServiceRole, servicePassword, name),
		SuperURL:   withDatabase(env.super, name),
	}
}

// unavailable skips t loudly when PostgreSQL is not installed (failing it in
// CI), and fails it for any other setup error.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if !errors.Is(err, localpg.ErrNotInstalled) {
		t.Fatalf("pgtest: setting up PostgreSQL: %v", err)
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("pgtest: PostgreSQL is required in CI: %v", err)
	}
	t.Skipf("SKIPPING: no PostgreSQL for this test (%v); install the PostgreSQL server or set ENCLAVE_TEST_DATABASE_URL", err)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func withDatabase(base, db string) string {
	u, _ := url.Parse(base)
	u.Path = "/" + db
	return u.String()
}

func withUser(base, user, password, db string) string {
	u, _ := url.Parse(withDatabase(base, db))
	u.User = url.UserPassword(user, password)
	return u.String()
}
