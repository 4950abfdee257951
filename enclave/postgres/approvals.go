package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Approvals are how many distinct governance officers approve a project
// (ProjectSensitive: one using a sensitive dataset) and a result held for
// output review. The database enforces them as well as the policy
// (migration 013): the owner role records them, and the service role can
// only read them.
type Approvals struct {
	Project, ProjectSensitive, Review int
}

func (a Approvals) String() string {
	return fmt.Sprintf("%d for a project, %d for a sensitive one, %d for a held result", a.Project, a.ProjectSensitive, a.Review)
}

// SetApprovals records a, connecting to ownerURL as the owner role. It is
// part of `enclave migrate`: the counts come from the service's settings,
// which only the owner may write into the database.
func SetApprovals(ctx context.Context, ownerURL string, a Approvals) error {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("approval settings: connect as owner: %w", redactURLError(err))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `UPDATE approval_settings SET project = $1, project_sensitive = $2, review = $3`,
		a.Project, a.ProjectSensitive, a.Review); err != nil {
		return fmt.Errorf("approval settings: %w", err)
	}
	return nil
}

// CheckApprovals refuses a service whose settings differ from what the
// database enforces: with fewer approvals the database would refuse every
// approval that completes the service's count, and with more the database
// would enforce less than the service says.
func (db *DB) CheckApprovals(ctx context.Context, want Approvals) error {
	var have Approvals
	err := db.Pool.QueryRow(ctx, `SELECT project, project_sensitive, review FROM approval_settings`).
		Scan(&have.Project, &have.ProjectSensitive, &have.Review)
	if err != nil {
		return fmt.Errorf("read the approval settings: %w", err)
	}
	if have != want {
		return fmt.Errorf("the service requires approvals by %s, but the database enforces %s: run enclave migrate (as the owner role) with the service's settings", want, have)
	}
	return nil
}
