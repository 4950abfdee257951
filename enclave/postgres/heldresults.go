package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// HeldStore implements enclave.HeldStore (migration 011).
type HeldStore struct{ DB *DB }

var _ enclave.HeldStore = (*HeldStore)(nil)

// heldColumns selects a held result with its approvals and rejection, for
// scanHeld; the manifest and the result follow when with is true.
func heldColumns(with bool) string {
	answer := ""
	if with {
		answer = ", h.manifest, h.result"
	}
	return `SELECT h.id, h.project_id, h.requester, h.query_hash, h.query, h.held_for, h.repeat_of, h.summary, h.state,
	h.project_submission, h.catalogue_revision, h.optout_lists, h.manifest->'data_revisions', h.manifest->'dataset_versions',
	h.created_at, h.updated_at,
	COALESCE((SELECT jsonb_agg(jsonb_build_object('officer', r.officer, 'at', r.at, 'reason', r.reason) ORDER BY r.at, r.officer)
		FROM result_reviews r WHERE r.result_id = h.id AND r.action = 'approve'), '[]'),
	(SELECT jsonb_build_object('officer', r.officer, 'at', r.at, 'reason', r.reason)
		FROM result_reviews r WHERE r.result_id = h.id AND r.action = 'reject')` + answer + `
FROM held_results h`
}

func scanHeld(row pgx.Row, with bool) (enclave.HeldResult, error) {
	var r enclave.HeldResult
	var sum enclave.ResultSummary
	dest := []any{&r.ID, &r.Project, &r.Requester, &r.QueryHash, &r.Query, &r.HeldFor, &r.RepeatOf, &sum, &r.State,
		&r.Grounds.Submission, &r.Grounds.CatalogueRevision, &r.Grounds.OptOutLists, &r.Grounds.DataRevisions, &r.Grounds.DatasetVersions,
		&r.CreatedAt, &r.UpdatedAt, &r.Approvals, &r.Rejection}
	if with {
		dest = append(dest, &r.Manifest, &r.Result)
	}
	err := row.Scan(dest...)
	r.Summary = &sum
	return r, err
}

func (s *HeldStore) Hold(ctx context.Context, r enclave.HeldResult, ev audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		repeatOf := r.RepeatOf
		if repeatOf == nil {
			repeatOf = []string{}
		}
		_, err := tx.Exec(ctx, `INSERT INTO held_results (id, project_id, requester, query_hash, query, held_for,
			manifest, result, summary, project_submission, catalogue_revision, optout_lists, state, created_at, updated_at, repeat_of)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			r.ID, r.Project, r.Requester, r.QueryHash, r.Query, r.HeldFor, r.Manifest, r.Result, r.Summary,
			r.Grounds.Submission, r.Grounds.CatalogueRevision, r.Grounds.OptOutLists, r.State, r.CreatedAt, r.UpdatedAt, repeatOf)
		if err != nil {
			return err
		}
		return appendEvent(ctx, tx, ev)
	})
	return storeError("hold a result", err)
}

func (s *HeldStore) ActOnHeld(ctx context.Context, id string, decide func(enclave.HeldResult, enclave.Project, map[string]string) (enclave.HeldChange, error)) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		// Lock first, then read (see ProjectStore.Act). The project is
		// locked against changes too, so that a researcher removed from it
		// meanwhile cannot be released a result.
		var project string
		err := tx.QueryRow(ctx, `SELECT project_id FROM held_results WHERE id = $1 FOR UPDATE`, id).Scan(&project)
		if errors.Is(err, pgx.ErrNoRows) {
			return enclave.E(enclave.CodeNotFound, "no such held result")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT FROM projects WHERE id = $1 FOR SHARE`, project); err != nil {
			return err
		}
		before, err := scanHeld(tx.QueryRow(ctx, heldColumns(false)+` WHERE h.id = $1`, id), false)
		if err != nil {
			return err
		}
		p, err := scanProject(tx.QueryRow(ctx, projectColumns+` WHERE p.id = $1`, project))
		if err != nil {
			return err
		}
		data, err := liveRevisions(ctx, tx, before.Grounds.DatasetVersions)
		if err != nil {
			return err
		}
		c, err := decide(before, p, data)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE held_results SET state = $2, updated_at = $3 WHERE id = $1`,
			id, c.After.State, c.After.UpdatedAt); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO result_reviews (result_id, officer, action, at, reason, decision_codes, policy_revision)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, c.Step.Officer, c.Action, c.Step.At, c.Step.Reason, c.Codes, c.Policy); err != nil {
			return err
		}
		for _, ev := range c.Events {
			if err := appendEvent(ctx, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
	return storeError("act on held result", err)
}

func (s *HeldStore) HeldResult(ctx context.Context, id string) (enclave.HeldResult, error) {
	r, err := scanHeld(s.DB.Pool.QueryRow(ctx, heldColumns(true)+` WHERE h.id = $1`, id), true)
	if errors.Is(err, pgx.ErrNoRows) {
		return enclave.HeldResult{}, enclave.E(enclave.CodeNotFound, "no such held result")
	}
	return r, storeError("read held result", err)
}

func (s *HeldStore) HeldResults(ctx context.Context, f enclave.HeldFilter) ([]enclave.HeldResult, error) {
	rows, err := s.DB.Pool.Query(ctx, heldColumns(false)+`
		WHERE ($1 = '' OR h.state = $1) AND ($2 = '' OR h.requester = $2) AND ($3 = '' OR h.project_id = $3)
			AND ($4 = '' OR h.query_hash = $4) ORDER BY h.created_at, h.id`, f.State, f.Requester, f.Project, f.QueryHash)
	if err != nil {
		return nil, storeError("list held results", err)
	}
	rs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (enclave.HeldResult, error) { return scanHeld(row, false) })
	return rs, storeError("list held results", err)
}
