package pgtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

// Cluster is a PostgreSQL server of one test's own, with one migrated
// database, for tests that stop and start PostgreSQL under a running
// service: the shared cluster cannot be stopped.
type Cluster struct {
	DB       *DB
	dir      string
	port     int
	settings map[string]string
	cluster  *localpg.Cluster
}

// Own starts a small cluster for t, provisions the test roles and creates
// a migrated database, and stops the cluster when t ends.
func Own(t testing.TB) *Cluster {
	t.Helper()
	dir := t.TempDir()
	// As root the server runs as another user, who must reach its data.
	if err := os.Chmod(dir, 0o711); err != nil {
		t.Fatal(err)
	}
	c := &Cluster{dir: dir, settings: map[string]string{"fsync": "off", "synchronous_commit": "off",
		"full_page_writes": "off", "max_connections": "50", "shared_buffers": "32MB"}}
	c.Start(t)
	t.Cleanup(func() { c.Stop(t) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	super := c.cluster.URL("postgres")
	roles := postgres.Roles{Owner: OwnerRole, OwnerPassword: ownerPassword, Service: ServiceRole, ServicePassword: servicePassword}
	if err := postgres.Provision(ctx, super, roles, ""); err != nil {
		t.Fatalf("pgtest: provision own cluster: %v", err)
	}
	const name = "enclave"
	if err := createMigrated(ctx, super, name); err != nil {
		t.Fatalf("pgtest: own cluster: %v", err)
	}
	c.DB = &DB{
		Name:       name,
		OwnerURL:   withUser(super, OwnerRole, ownerPassword, name),
		ServiceURL: withUser(super, ServiceRole, servicePassword, name),
		SuperURL:   withDatabase(super, name),
	}
	return c
}

// Stop shuts PostgreSQL down (a fast shutdown: sessions are ended).
func (c *Cluster) Stop(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.cluster.Stop(ctx); err != nil {
		t.Errorf("pgtest: stop own cluster: %v", err)
	}
}

// Start starts PostgreSQL again, on the port it had.
func (c *Cluster) Start(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	lc, err := localpg.Start(ctx, localpg.Options{Dir: c.dir, Port: c.port, Settings: c.settings})
	if err != nil {
		unavailable(t, err)
	}
	c.cluster, c.port = lc, lc.Port()
}
