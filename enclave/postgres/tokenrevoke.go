package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

func (s *TokenStore) RevokeTokens(ctx context.Context, sel enclave.TokenSelector, by string, at time.Time, record func([]enclave.Token) []audit.Event) ([]enclave.Token, error) {
	var revoked []enclave.Token
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		var err error
		if revoked, err = revokeTokens(ctx, tx, sel, by, at); err != nil {
			return err
		}
		return appendEvents(ctx, tx, record(revoked))
	})
	return revoked, storeError("revoke tokens", err)
}

func (s *TokenStore) RotateToken(ctx context.Context, old string, tok enclave.Token, hash enclave.TokenHash, at time.Time, record func([]enclave.Token) []audit.Event) error {
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		revoked, err := revokeTokens(ctx, tx, enclave.TokenSelector{ID: old}, tok.PrincipalID, at)
		if err != nil {
			return err
		}
		if err := insertToken(ctx, tx, tok, hash); err != nil {
			return err
		}
		return appendEvents(ctx, tx, record(revoked))
	})
	return storeError("rotate token", err)
}

// revokeTokens revokes the live tokens sel selects and every live token
// they minted, transitively, and returns them all. The principal's row is
// locked first, so that no token is minted from one of them meanwhile (the
// lineage trigger takes the same lock); the trigger that cascades a
// revocation would revoke such a token anyway, but the list would miss it.
func revokeTokens(ctx context.Context, tx pgx.Tx, sel enclave.TokenSelector, by string, at time.Time) ([]enclave.Token, error) {
	principal := sel.PrincipalID
	if sel.ID != "" {
		var revoked *time.Time
		err := tx.QueryRow(ctx, `SELECT principal_id, revoked_at FROM api_tokens WHERE id = $1`, sel.ID).Scan(&principal, &revoked)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, enclave.E(enclave.CodeNotFound, "no such token")
		}
		if err != nil {
			return nil, err
		}
		if revoked != nil {
			return nil, enclave.E(enclave.CodeConflict, "token is already revoked")
		}
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM principals WHERE id = $1 FOR NO KEY UPDATE)`, principal).Scan(&exists); err != nil {
		return nil, err
	}
	if !exists {
		return nil, enclave.E(enclave.CodeNotFound, "no such principal")
	}
	rows, err := tx.Query(ctx, `
		WITH RECURSIVE lineage AS (
			SELECT id FROM api_tokens
			WHERE principal_id = $1 AND ($2 = '' OR id = $2) AND revoked_at IS NULL
			UNION
			SELECT t.id FROM api_tokens t JOIN lineage l ON t.parent_id = l.id
			WHERE t.revoked_at IS NULL
		), done AS (
			UPDATE api_tokens t SET revoked_at = $3, revoked_by = $4
			FROM lineage l WHERE t.id = l.id
			RETURNING t.*
		)
		SELECT `+tokenColumns+`
		FROM done t JOIN principals p ON p.id = t.principal_id
		ORDER BY t.created_at, t.id`, principal, sel.ID, at, by)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanToken)
}

func appendEvents(ctx context.Context, tx pgx.Tx, evs []audit.Event) error {
	for _, ev := range evs {
		if err := appendEvent(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}
