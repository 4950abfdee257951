package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// BootstrapOfficers enrols the first governance officers. The enrolment
// trigger lets only the owner role enrol an officer without an approval, so
// s.DB must be connected as it.
func (s *TokenStore) BootstrapOfficers(ctx context.Context, toks []enclave.Token, hashes []enclave.TokenHash, evs []audit.Event) (bool, error) {
	created := false
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, bootstrapLock); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM principals WHERE role = 'governance')`).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return nil
		}
		for i, tok := range toks {
			if err := ensurePrincipal(ctx, tx, tok, enclave.EnrolmentActive); err != nil {
				return err
			}
			if err := insertToken(ctx, tx, tok, hashes[i]); err != nil {
				return err
			}
		}
		created = true
		return appendEvents(ctx, tx, evs)
	})
	return created, storeError("bootstrap governance officers", err)
}

func (s *TokenStore) DecideEnrolment(ctx context.Context, id string, state enclave.EnrolmentState, by string, at time.Time, reason string, ev audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE principals SET state = $2, decided_by = $3, decided_at = $4, decision_reason = $5
			WHERE id = $1 AND state = 'pending'`, id, state, by, at, reason)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return enclave.E(enclave.CodeConflict, "the enrolment is no longer pending")
		}
		if state == enclave.EnrolmentRefused {
			if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $2, revoked_by = $3 WHERE principal_id = $1 AND revoked_at IS NULL`, id, at, by); err != nil {
				return err
			}
		}
		return appendEvent(ctx, tx, ev)
	})
	return storeError("decide enrolment", err)
}

func (s *TokenStore) EnrolmentLinks(ctx context.Context) (map[string]enclave.EnrolmentLink, error) {
	rows, err := s.DB.Pool.Query(ctx, `SELECT id, COALESCE(created_by, ''), COALESCE(decided_by, '') FROM principals`)
	if err != nil {
		return nil, storeError("read enrolments", err)
	}
	links := map[string]enclave.EnrolmentLink{}
	var (
		id string
		l  enclave.EnrolmentLink
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &l.EnrolledBy, &l.ApprovedBy}, func() error {
		links[id] = l
		return nil
	})
	return links, storeError("read enrolments", err)
}

const principalColumns = `id, role, state, created_at, COALESCE(created_by, ''), COALESCE(decided_by, ''), decided_at, decision_reason`

func scanPrincipal(row pgx.CollectableRow) (enclave.PrincipalInfo, error) {
	var p enclave.PrincipalInfo
	err := row.Scan(&p.ID, &p.Role, &p.State, &p.CreatedAt, &p.CreatedBy, &p.DecidedBy, &p.DecidedAt, &p.DecisionReason)
	return p, err
}

func (s *TokenStore) Principal(ctx context.Context, id string) (enclave.PrincipalInfo, bool, error) {
	rows, err := s.DB.Pool.Query(ctx, `SELECT `+principalColumns+` FROM principals WHERE id = $1`, id)
	if err != nil {
		return enclave.PrincipalInfo{}, false, storeError("get principal", err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, scanPrincipal)
	if errors.Is(err, pgx.ErrNoRows) {
		return enclave.PrincipalInfo{}, false, nil
	}
	return p, err == nil, storeError("get principal", err)
}

func (s *TokenStore) Principals(ctx context.Context, state enclave.EnrolmentState) ([]enclave.PrincipalInfo, error) {
	rows, err := s.DB.Pool.Query(ctx, `SELECT `+principalColumns+` FROM principals WHERE $1 = '' OR state = $1 ORDER BY id`, state)
	if err != nil {
		return nil, storeError("list principals", err)
	}
	ps, err := pgx.CollectRows(rows, scanPrincipal)
	return ps, storeError("list principals", err)
}
