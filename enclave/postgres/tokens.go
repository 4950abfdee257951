package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// TokenStore implements enclave.TokenStore. The lineage of tokens (each
// minted token's parent, cascading revocation, final revocation) is held by
// triggers of migrations/014_enrolment_and_token_lineage.sql, and so are
// enrolments (principals.go).
type TokenStore struct{ DB *DB }

var _ enclave.TokenStore = (*TokenStore)(nil)

// bootstrapLock serialises first-start bootstrap across replicas.
const bootstrapLock = int64(0x656e636c61766501)

func (s *TokenStore) CreateToken(ctx context.Context, tok enclave.Token, hash enclave.TokenHash, state enclave.EnrolmentState, ev audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if err := ensurePrincipal(ctx, tx, tok, state); err != nil {
			return err
		}
		if err := insertToken(ctx, tx, tok, hash); err != nil {
			return err
		}
		return appendEvent(ctx, tx, ev)
	})
	return storeError("create token", err)
}

func (s *TokenStore) BootstrapOperator(ctx context.Context, tok enclave.Token, hash enclave.TokenHash, ev audit.Event) (bool, error) {
	created := false
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, bootstrapLock); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM principals WHERE role = 'operator')`).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return nil
		}
		if err := ensurePrincipal(ctx, tx, tok, enclave.EnrolmentActive); err != nil {
			return err
		}
		if err := insertToken(ctx, tx, tok, hash); err != nil {
			return err
		}
		created = true
		return appendEvent(ctx, tx, ev)
	})
	return created, storeError("bootstrap operator", err)
}

func (s *TokenStore) OperatorExists(ctx context.Context) (bool, error) {
	var exists bool
	err := s.DB.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM principals WHERE role = 'operator')`).Scan(&exists)
	return exists, storeError("find an operator", err)
}

// ensurePrincipal creates the principal of tok with state unless it exists,
// and checks that it holds tok's role. It inserts only when the principal
// is missing: the enrolment trigger judges every row offered, even one ON
// CONFLICT would drop.
func ensurePrincipal(ctx context.Context, tx pgx.Tx, tok enclave.Token, state enclave.EnrolmentState) error {
	var role enclave.Role
	err := tx.QueryRow(ctx, `SELECT role FROM principals WHERE id = $1`, tok.PrincipalID).Scan(&role)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = tx.Exec(ctx, `
			INSERT INTO principals (id, role, created_at, created_by, state)
			VALUES ($1, $2, $3, NULLIF($4, ''), $5)
			ON CONFLICT (id) DO NOTHING`,
			tok.PrincipalID, tok.Role, tok.CreatedAt, tok.CreatedBy, state)
		if err == nil {
			err = tx.QueryRow(ctx, `SELECT role FROM principals WHERE id = $1`, tok.PrincipalID).Scan(&role)
		}
	}
	if err != nil {
		return err
	}
	if role != tok.Role {
		return enclave.E(enclave.CodeConflict, "principal already exists with the role "+string(role))
	}
	return nil
}

func insertToken(ctx context.Context, tx pgx.Tx, tok enclave.Token, hash enclave.TokenHash) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO api_tokens (id, principal_id, secret_hash, description, created_at, created_by, expires_at, parent_id, rotated_from)
		VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7, NULLIF($8, ''), NULLIF($9, ''))`,
		tok.ID, tok.PrincipalID, hash[:], tok.Description, tok.CreatedAt, tok.CreatedBy, tok.ExpiresAt, tok.ParentID, tok.RotatedFrom)
	return err
}

func (s *TokenStore) Authenticate(ctx context.Context, hash enclave.TokenHash, now time.Time) (enclave.Token, enclave.AuthFailure, error) {
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT `+tokenColumns+`, p.state
		FROM api_tokens t JOIN principals p ON p.id = t.principal_id
		WHERE t.secret_hash = $1`, hash[:])
	if err != nil {
		return enclave.Token{}, "", storeError("authenticate", err)
	}
	var state enclave.EnrolmentState
	tok, err := pgx.CollectExactlyOneRow(rows, func(row pgx.CollectableRow) (enclave.Token, error) {
		return scanTokenWith(row, &state)
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return enclave.Token{}, enclave.AuthUnknown, nil
	case err != nil:
		return enclave.Token{}, "", storeError("authenticate", err)
	case tok.RevokedAt != nil:
		return enclave.Token{}, enclave.AuthRevoked, nil
	case !now.Before(tok.ExpiresAt):
		return enclave.Token{}, enclave.AuthExpired, nil
	case state != enclave.EnrolmentActive:
		return enclave.Token{}, enclave.AuthNotEnrolled, nil
	}
	return tok, "", nil
}

const tokenColumns = `t.id, t.principal_id, p.role, t.description, t.created_at, COALESCE(t.created_by, ''), t.expires_at, t.revoked_at,
	COALESCE(t.parent_id, ''), COALESCE(t.rotated_from, '')`

func scanToken(row pgx.CollectableRow) (enclave.Token, error) { return scanTokenWith(row) }

// scanTokenWith scans tokenColumns and then extra.
func scanTokenWith(row pgx.CollectableRow, extra ...any) (enclave.Token, error) {
	var t enclave.Token
	err := row.Scan(append([]any{&t.ID, &t.PrincipalID, &t.Role, &t.Description, &t.CreatedAt, &t.CreatedBy, &t.ExpiresAt, &t.RevokedAt,
		&t.ParentID, &t.RotatedFrom}, extra...)...)
	return t, err
}

func (s *TokenStore) Tokens(ctx context.Context, principalID string) ([]enclave.Token, error) {
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT `+tokenColumns+`
		FROM api_tokens t JOIN principals p ON p.id = t.principal_id
		WHERE $1 = '' OR t.principal_id = $1
		ORDER BY t.created_at, t.id`, principalID)
	if err != nil {
		return nil, storeError("list tokens", err)
	}
	toks, err := pgx.CollectRows(rows, scanToken)
	return toks, storeError("list tokens", err)
}

func (s *TokenStore) Token(ctx context.Context, id string) (enclave.Token, error) {
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT `+tokenColumns+`
		FROM api_tokens t JOIN principals p ON p.id = t.principal_id
		WHERE t.id = $1`, id)
	if err != nil {
		return enclave.Token{}, storeError("get token", err)
	}
	tok, err := pgx.CollectExactlyOneRow(rows, scanToken)
	if errors.Is(err, pgx.ErrNoRows) {
		return enclave.Token{}, enclave.E(enclave.CodeNotFound, "no such token")
	}
	return tok, storeError("get token", err)
}
