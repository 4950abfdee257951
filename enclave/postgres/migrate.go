package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"

	"github.com/research-enclave/enclave/migrations"
)

// VersionTable records the applied migration version.
const VersionTable = "schema_version"

// Migrate applies every pending migration, connecting to ownerURL as the
// owner role. serviceRole is the role granted the service's privileges.
// Concurrent callers (replicas starting together) are serialised by tern's
// advisory lock, so each migration runs once. It returns the schema version.
func Migrate(ctx context.Context, ownerURL, serviceRole string) (int32, error) {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return 0, fmt.Errorf("migrate: connect as owner: %w", redactURLError(err))
	}
	defer conn.Close(context.WithoutCancel(ctx))

	// The owner is exempt from the audit log's append-only trigger: the
	// service must never be the owner.
	var user string
	if err := conn.QueryRow(ctx, `SELECT current_user`).Scan(&user); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	if user == serviceRole {
		return 0, fmt.Errorf("migrate: connected as the service role %s: migrations must run as the owner role (ENCLAVE_MIGRATE_DATABASE_URL), so that the service cannot change audit records", serviceRole)
	}
	m, err := migrate.NewMigrator(ctx, conn, VersionTable)
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	// tern renders the templates while loading, so Data comes first.
	m.Data = map[string]any{
		"service_role":  pgx.Identifier{serviceRole}.Sanitize(),
		"research_role": pgx.Identifier{ResearchRole(serviceRole)}.Sanitize(),
	}
	if err := m.LoadMigrations(migrations.FS); err != nil {
		return 0, fmt.Errorf("migrate: load migrations: %w", err)
	}
	if err := m.Migrate(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	v, err := m.GetCurrentVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: read version: %w", err)
	}
	return v, nil
}
