package pgtest

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

// setup starts (or finds) the server, creates the roles and migrates the
// template database. Its error is kept and reported by every New.
func setup() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	env.err = start(ctx)
	if env.err == nil {
		env.err = prepare(ctx)
	}
}

// testClusterShare is how many clusters share the machine's memory, one
// per test binary go test runs at once (localpg.Machine.Settings).
func testClusterShare() int { return max(runtime.GOMAXPROCS(0), 2) }

func start(ctx context.Context) error {
	if u := os.Getenv("ENCLAVE_TEST_DATABASE_URL"); u != "" {
		env.super = withDatabase(u, "postgres")
		return nil
	}
	dir, err := os.MkdirTemp("", "enclave-pgtest-")
	if err != nil {
		return err
	}
	env.tempDir = dir
	// When we run as root the server runs as an unprivileged user, which
	// must be able to reach its data directory inside ours.
	if err := os.Chmod(dir, 0o711); err != nil {
		return err
	}
	// A test binary's cluster shares the machine with the others go test
	// runs at once (-p, GOMAXPROCS by default). Off Linux it keeps
	// PostgreSQL's defaults.
	settings := map[string]string{"max_connections": "200"}
	if machine, err := localpg.ThisMachine(); err == nil {
		settings = machine.Settings(testClusterShare(), 200)
	}
	// Durability is worthless in a throwaway cluster; speed is not.
	settings["fsync"], settings["synchronous_commit"], settings["full_page_writes"] = "off", "off", "off"
	c, err := localpg.Start(ctx, localpg.Options{Dir: dir, Settings: settings})
	if err != nil {
		return err
	}
	env.cluster, env.settings = c, settings
	env.super = c.URL("postgres")
	return nil
}

func prepare(ctx context.Context) error {
	roles := postgres.Roles{Owner: OwnerRole, OwnerPassword: ownerPassword, Service: ServiceRole, ServicePassword: servicePassword}
	if err := postgres.Provision(ctx, env.super, roles, ""); err != nil {
		return err
	}
	env.template = "tmpl_" + randomHex(8)
	if err := createMigrated(ctx, env.super, env.template); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	return nil
}

// createMigrated creates database name on the server of super, owned by
// OwnerRole, migrated, with the demo catalogue's dataset tables, as
// `enclave migrate` leaves it.
func createMigrated(ctx context.Context, super, name string) error {
	if err := exec(ctx, super, "CREATE DATABASE "+name+" OWNER "+OwnerRole); err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	ownerURL := withUser(super, OwnerRole, ownerPassword, name)
	if _, err := postgres.Migrate(ctx, ownerURL, ServiceRole); err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		return err
	}
	if err := postgres.SyncDatasets(ctx, ownerURL, ServiceRole, cat.Datasets()); err != nil {
		return fmt.Errorf("dataset tables of %s: %w", name, err)
	}
	return nil
}

func superExec(ctx context.Context, sql string) error { return exec(ctx, env.super, sql) }

// exec runs sql on a connection of its own to url.
func exec(ctx context.Context, url, sql string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}

func shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if env.template != "" && env.cluster == nil {
		_ = superExec(ctx, "DROP DATABASE IF EXISTS "+env.template+" WITH (FORCE)")
	}
	if env.cluster != nil {
		_ = env.cluster.Stop(ctx)
	}
	if env.tempDir != "" {
		_ = os.RemoveAll(env.tempDir)
	}
}
