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

	m, err := migrate.NewMigrator(ctx, conn, VersionTable)
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	// tern renders the templates while loading, so Data comes first.
	m.Data = map[string]any{"service_role": pgx.Identifier{serviceRole}.Sanitize()}
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
