package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/internal/config"
)

func newMigrateCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations as the owner role",
		Long: `migrate applies the embedded, forward-only SQL migrations, connecting with
ENCLAVE_MIGRATE_DATABASE_URL (the owner role, never the service role) and
granting the service role (ENCLAVE_DATABASE_SERVICE_ROLE) what it needs, then
creates the table of every catalogue dataset version (ENCLAVE_CATALOGUE_DIR) that
has none and checks the others, and records how many officers approve
(ENCLAVE_APPROVALS_REQUIRED, ENCLAVE_APPROVALS_REQUIRED_SENSITIVE,
ENCLAVE_REVIEW_APPROVALS_REQUIRED), which the database then enforces and the
server checks its own settings against. Replicas that migrate at once are
serialised by advisory locks.

While there is no governance officer, it enrols the first ones named in
ENCLAVE_BOOTSTRAP_GOVERNANCE (id=sha256:<hex>,...): each officer generates a token
('enclave token generate'), keeps it, and hands over only its hash ('enclave token
hash'). Later officers and auditors are enrolled by an operator and approved by an
officer (docs/governance.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			var seeds []enclave.OfficerSeed
			if c.BootstrapGovernance != "" {
				if seeds, err = parseOfficerSeeds(c.BootstrapGovernance); err != nil {
					return err
				}
			}
			v, err := migrate(cmd.Context(), c)
			if err != nil {
				return err
			}
			if _, err = fmt.Fprintf(a.stdout, "database at schema version %d\n", v); err != nil || len(seeds) == 0 {
				return err
			}
			created, err := bootstrapOfficers(cmd.Context(), c.MigrateDatabaseURL.Reveal(), seeds)
			if err != nil || !created {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "enrolled %d first governance officers\n", len(seeds))
			return err
		},
	}
}

func migrate(ctx context.Context, c config.Config) (int32, error) {
	if c.MigrateDatabaseURL == "" {
		return 0, errors.New("ENCLAVE_MIGRATE_DATABASE_URL is not set: migrations run as the owner role (never the service role's ENCLAVE_DATABASE_URL), or run 'enclave demo' for a local database")
	}
	cat, err := loadCatalogue(c)
	if err != nil {
		return 0, err
	}
	v, err := postgres.Migrate(ctx, c.MigrateDatabaseURL.Reveal(), c.ServiceRole)
	if err != nil {
		return 0, err
	}
	if err := postgres.SyncDatasets(ctx, c.MigrateDatabaseURL.Reveal(), c.ServiceRole, cat.Datasets()); err != nil {
		return 0, err
	}
	return v, postgres.SetApprovals(ctx, c.MigrateDatabaseURL.Reveal(), approvals(c))
}

// approvals are the approval counts of c, which the database enforces too.
func approvals(c config.Config) postgres.Approvals {
	return postgres.Approvals{Project: c.ApprovalsRequired, ProjectSensitive: c.ApprovalsRequiredSensitive, Review: c.ReviewApprovalsRequired}
}
