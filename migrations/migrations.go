// Package migrations embeds the enclave's numbered, forward-only SQL
// migrations. They are applied by enclave/postgres with jackc/tern as the
// owner role; the {{.service_role}} template value names the (already quoted)
// role the running service connects as, which receives only the privileges it
// needs. Never edit a migration that has shipped: add the next number.
package migrations

import "embed"

// FS holds the migration files, named NNN_description.sql.
//
//go:embed *.sql
var FS embed.FS
