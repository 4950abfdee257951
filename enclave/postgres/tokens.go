package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// TokenStore implements enclave.TokenStore.
type TokenStore struct{ DB *DB }

var _ enclave.TokenStore = (*TokenStore)(nil)

// bootstrapLock serialises first-start bootstrap across replicas.
const bootstrapLock = int64(0x656e636c61766501)

func (s *TokenStore) CreateToken(ctx context.Context, tok enclave.Token, hash enclave.TokenHash, ev audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if err := ensurePrincipal(ctx, tx, tok); err != nil {
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
		if err := ensurePrincipal(ctx, tx, tok); err != nil {
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

func ensurePrincipal(ctx context.Context, tx pgx.Tx, tok enclave.Token) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO principals (id, role, created_at, created_by)
		VALUES ($1, $2, $3, NULLIF($4, ''))
		ON CONFLICT (id) DO NOTHING`,
		tok.PrincipalID, tok.Role, tok.CreatedAt, tok.CreatedBy)
	if err != nil {
		return err
	}
	var role enclave.Role
	if err := tx.QueryRow(ctx, `SELECT role FROM principals WHERE id = $1`, tok.PrincipalID).Scan(&role); err != nil {
		return err
	}
	if role != tok.Role {
		return enclave.E(enclave.CodeConflict, "principal already exists with the role "+string(role))
	}
	return nil
}

func insertToken(ctx context.Context, tx pgx.Tx, tok enclave.Token, hash enclave.TokenHash) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO api_tokens (id, principal_id, secret_hash, description, created_at, created_by, expires_at)
		VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7)`,
		tok.ID, tok.PrincipalID, hash[:], tok.Description, tok.CreatedAt, tok.CreatedBy, tok.ExpiresAt)
	return err
}

func (s *TokenStore) Authenticate(ctx context.Context, hash enclave.TokenHash, now time.Time) (enclave.Principal, enclave.AuthFailure, error) {
	var (
		p       enclave.Principal
		expires time.Time
		revoked *time.Time
	)
	err := s.DB.Pool.QueryRow(ctx, `
		SELECT p.id, p.role, t.expires_at, t.revoked_at
		FROM api_tokens t JOIN principals p ON p.id = t.principal_id
		WHERE t.secret_hash = $1`, hash[:]).Scan(&p.ID, &p.Role, &expires, &revoked)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return enclave.Principal{}, enclave.AuthUnknown, nil
	case err != nil:
		return enclave.Principal{}, "", storeError("authenticate", err)
	case revoked != nil:
		return enclave.Principal{}, enclave.AuthRevoked, nil
	case !now.Before(expires):
		return enclave.Principal{}, enclave.AuthExpired, nil
	}
	return p, "", nil
}

const tokenColumns = `t.id, t.principal_id, p.role, t.description, t.created_at, COALESCE(t.created_by, ''), t.expires_at, t.revoked_at`

func scanToken(row pgx.CollectableRow) (enclave.Token, error) {
	var t enclave.Token
	err := row.Scan(&t.ID, &t.PrincipalID, &t.Role, &t.Description, &t.CreatedAt, &t.CreatedBy, &t.ExpiresAt, &t.RevokedAt)
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

func (s *TokenStore) RevokeToken(ctx context.Context, id, by string, at time.Time, ev audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE api_tokens SET revoked_at = $2, revoked_by = $3
			WHERE id = $1 AND revoked_at IS NULL`, id, at, by)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM api_tokens WHERE id = $1)`, id).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return enclave.E(enclave.CodeNotFound, "no such token")
			}
			return enclave.E(enclave.CodeConflict, "token is already revoked")
		}
		return appendEvent(ctx, tx, ev)
	})
	return storeError("revoke token", err)
}

func (s *TokenStore) Principal(ctx context.Context, id string) (enclave.PrincipalInfo, bool, error) {
	var p enclave.PrincipalInfo
	err := s.DB.Pool.QueryRow(ctx, `SELECT id, role, created_at, COALESCE(created_by, '') FROM principals WHERE id = $1`, id).
		Scan(&p.ID, &p.Role, &p.CreatedAt, &p.CreatedBy)
	if errors.Is(err, pgx.ErrNoRows) {
		return enclave.PrincipalInfo{}, false, nil
	}
	return p, err == nil, storeError("get principal", err)
}

func (s *TokenStore) Principals(ctx context.Context) ([]enclave.PrincipalInfo, error) {
	rows, err := s.DB.Pool.Query(ctx, `SELECT id, role, created_at, COALESCE(created_by, '') FROM principals ORDER BY id`)
	if err != nil {
		return nil, storeError("list principals", err)
	}
	ps, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (enclave.PrincipalInfo, error) {
		var p enclave.PrincipalInfo
		err := row.Scan(&p.ID, &p.Role, &p.CreatedAt, &p.CreatedBy)
		return p, err
	})
	return ps, storeError("list principals", err)
}
