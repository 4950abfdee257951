package postgres

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
)

// ProjectStore implements enclave.ProjectStore.
type ProjectStore struct{ DB *DB }

var _ enclave.ProjectStore = (*ProjectStore)(nil)

// projectColumns selects a project with its members and the approvals of
// its current submission, for scanProject.
const projectColumns = `SELECT p.id, p.title, p.purpose, p.lead, p.legal_basis, p.start_date, p.expiry_date,
	p.scope, p.threshold, p.rounding, p.sensitive, p.state, p.submission, p.optout_ndoo, p.optout_type1,
	p.first_approved_at, p.created_at, p.created_by, p.updated_at, p.output_review,
	COALESCE((SELECT array_agg(m.principal_id ORDER BY m.principal_id) FROM project_members m WHERE m.project_id = p.id), '{}'),
	COALESCE((SELECT array_agg(a.officer ORDER BY a.approved_at, a.officer) FROM project_approvals a
		WHERE a.project_id = p.id AND a.submission = p.submission), '{}')
FROM projects p`

func scanProject(row pgx.Row) (enclave.Project, error) {
	var p enclave.Project
	var start, expiry time.Time
	err := row.Scan(&p.ID, &p.Title, &p.Purpose, &p.Lead, &p.LegalBasis, &start, &expiry,
		&p.Scope, &p.Disclosure.Threshold, &p.Disclosure.Rounding, &p.Sensitive, &p.State, &p.Submission,
		&p.OptOuts.NDOO, &p.OptOuts.Type1, &p.FirstApprovedAt, &p.CreatedAt, &p.CreatedBy, &p.UpdatedAt,
		&p.OutputReview, &p.Members, &p.Approvals)
	p.StartDate, p.ExpiryDate = start.Format(time.DateOnly), expiry.Format(time.DateOnly)
	return p, err
}

func (s *ProjectStore) CreateProject(ctx context.Context, c enclave.ProjectChange) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		p := c.After
		_, err := tx.Exec(ctx, `INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date,
			scope, threshold, rounding, sensitive, state, submission, optout_ndoo, optout_type1,
			first_approved_at, created_at, created_by, updated_at, output_review)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
			p.ID, p.Title, p.Purpose, p.Lead, p.LegalBasis, p.StartDate, p.ExpiryDate,
			p.Scope, p.Disclosure.Threshold, p.Disclosure.Rounding, p.Sensitive, p.State, p.Submission,
			p.OptOuts.NDOO, p.OptOuts.Type1, p.FirstApprovedAt, p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.OutputReview)
		if err != nil {
			return err
		}
		return writeChange(ctx, tx, enclave.Project{}, c)
	})
	return storeError("create project", err)
}

func (s *ProjectStore) Act(ctx context.Context, id string, decide func(enclave.Project) (enclave.ProjectChange, error)) (enclave.Project, error) {
	var after enclave.Project
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		// Lock first, then read: under READ COMMITTED a statement that waited
		// for the lock still sees its own earlier snapshot, so members and
		// approvals read in the locking statement could be stale.
		var locked string
		err := tx.QueryRow(ctx, `SELECT id FROM projects WHERE id = $1 FOR UPDATE`, id).Scan(&locked)
		if errors.Is(err, pgx.ErrNoRows) {
			return enclave.E(enclave.CodeNotFound, "no such project")
		}
		if err != nil {
			return err
		}
		before, err := scanProject(tx.QueryRow(ctx, projectColumns+` WHERE p.id = $1`, id))
		if err != nil {
			return err
		}
		c, err := decide(before)
		if err != nil {
			return err
		}
		p := c.After
		_, err = tx.Exec(ctx, `UPDATE projects SET title = $2, purpose = $3, lead = $4, legal_basis = $5,
			start_date = $6, expiry_date = $7, scope = $8, threshold = $9, rounding = $10, sensitive = $11,
			state = $12, submission = $13, optout_ndoo = $14, optout_type1 = $15, first_approved_at = $16,
			updated_at = $17, output_review = $18 WHERE id = $1`,
			p.ID, p.Title, p.Purpose, p.Lead, p.LegalBasis, p.StartDate, p.ExpiryDate, p.Scope,
			p.Disclosure.Threshold, p.Disclosure.Rounding, p.Sensitive, p.State, p.Submission,
			p.OptOuts.NDOO, p.OptOuts.Type1, p.FirstApprovedAt, p.UpdatedAt, p.OutputReview)
		if err != nil {
			return err
		}
		if err := writeChange(ctx, tx, before, c); err != nil {
			return err
		}
		after = c.After
		return nil
	})
	if err != nil {
		return enclave.Project{}, storeError("act on project", err)
	}
	return after, nil
}

// writeChange writes what a change adds beside the project row: the
// membership difference, an approval, the history entry and, last, the
// audit event.
func writeChange(ctx context.Context, tx pgx.Tx, before enclave.Project, c enclave.ProjectChange) error {
	p, h := c.After, c.History
	for _, m := range before.Members {
		if !slices.Contains(p.Members, m) {
			if _, err := tx.Exec(ctx, `DELETE FROM project_members WHERE project_id = $1 AND principal_id = $2`, p.ID, m); err != nil {
				return err
			}
		}
	}
	for _, m := range p.Members {
		if !slices.Contains(before.Members, m) {
			if _, err := tx.Exec(ctx, `INSERT INTO project_members (project_id, principal_id, added_at, added_by)
				VALUES ($1, $2, $3, $4)`, p.ID, m, h.At, h.Actor); err != nil {
				return err
			}
		}
	}
	if c.Approve != "" {
		if _, err := tx.Exec(ctx, `INSERT INTO project_approvals (project_id, submission, officer, approved_at)
			VALUES ($1, $2, $3, $4)`, p.ID, p.Submission, c.Approve, h.At); err != nil {
			return err
		}
	}
	if c.Approve != "" && p.State == "approved" {
		// The register shows the version just approved (migration 009).
		if _, err := tx.Exec(ctx, `INSERT INTO register_entries VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (project_id) DO UPDATE SET title = $2, purpose = $3, legal_basis = $4, datasets = $5,
				start_date = $6, expiry_date = $7, approved_at = $9`,
			p.ID, p.Title, p.Purpose, p.LegalBasis, p.Scope.Datasets(), p.StartDate, p.ExpiryDate, p.FirstApprovedAt, h.At); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO project_history (project_id, seq, at, actor, action, reason, detail,
		state_before, state_after, optout_ndoo, optout_type1, decision_codes, policy_revision)
		SELECT $1, COALESCE(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
		FROM project_history WHERE project_id = $1`,
		p.ID, h.At, h.Actor, h.Action, h.Reason, h.Detail, h.StateBefore, h.StateAfter,
		h.OptOuts.NDOO, h.OptOuts.Type1, h.Codes, h.Revision)
	if err != nil {
		return err
	}
	return appendEvent(ctx, tx, c.Event)
}

func (s *ProjectStore) Project(ctx context.Context, id string) (enclave.Project, error) {
	p, err := scanProject(s.DB.Pool.QueryRow(ctx, projectColumns+` WHERE p.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return enclave.Project{}, enclave.E(enclave.CodeNotFound, "no such project")
	}
	if err != nil {
		return enclave.Project{}, storeError("read project", err)
	}
	rows, err := s.DB.Pool.Query(ctx, `SELECT seq, at, actor, action, reason, detail, state_before, state_after,
		optout_ndoo, optout_type1, decision_codes, policy_revision
		FROM project_history WHERE project_id = $1 ORDER BY seq`, id)
	if err != nil {
		return enclave.Project{}, storeError("read project history", err)
	}
	p.History, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (enclave.ProjectHistory, error) {
		var h enclave.ProjectHistory
		err := row.Scan(&h.Seq, &h.At, &h.Actor, &h.Action, &h.Reason, &h.Detail, &h.StateBefore, &h.StateAfter,
			&h.OptOuts.NDOO, &h.OptOuts.Type1, &h.Codes, &h.Revision)
		return h, err
	})
	if err != nil {
		return enclave.Project{}, storeError("read project history", err)
	}
	p.Approved, err = scanApprovedVersion(s.DB.Pool.QueryRow(ctx, approvedVersionQuery, id))
	return p, storeError("read the version approved", err)
}

func (s *ProjectStore) Projects(ctx context.Context) ([]enclave.Project, error) {
	rows, err := s.DB.Pool.Query(ctx, projectColumns+` ORDER BY p.created_at, p.id`)
	if err != nil {
		return nil, storeError("list projects", err)
	}
	ps, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (enclave.Project, error) { return scanProject(row) })
	return ps, storeError("list projects", err)
}

func (s *ProjectStore) Register(ctx context.Context) ([]enclave.RegisterEntry, error) {
	rows, err := s.DB.Pool.Query(ctx, `SELECT title, purpose, legal_basis, datasets, start_date, expiry_date, first_approved_at
		FROM register_entries ORDER BY first_approved_at, project_id`)
	if err != nil {
		return nil, storeError("read the register", err)
	}
	entries, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (enclave.RegisterEntry, error) {
		var e enclave.RegisterEntry
		var start, expiry, approved time.Time
		err := row.Scan(&e.Title, &e.Purpose, &e.LegalBasis, &e.Datasets, &start, &expiry, &approved)
		e.StartDate, e.ExpiryDate = start.Format(time.DateOnly), expiry.Format(time.DateOnly)
		e.ApprovedOn = approved.UTC().Format(time.DateOnly)
		return e, err
	})
	return entries, storeError("read the register", err)
}

func (s *ProjectStore) Memberships(ctx context.Context, principal string) ([]string, error) {
	rows, err := s.DB.Pool.Query(ctx, `SELECT project_id FROM project_member_history WHERE principal_id = $1 ORDER BY project_id`, principal)
	if err != nil {
		return nil, storeError("memberships", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return ids, storeError("memberships", err)
}
