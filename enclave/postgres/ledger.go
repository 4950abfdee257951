package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/differencing"
)

// LedgerStore keeps each project's differencing ledger (migration 007).
type LedgerStore struct{ DB *DB }

// ledgerLock is the advisory lock class of a project's ledger: answers of
// one project are checked and recorded one at a time, so two answers given
// at once cannot both pass against a ledger that holds neither.
const ledgerLock = int32(0x656e6301)

// Release checks cells against the project's ledger (differencing.Check)
// and records the ones it lets through, in one transaction under the
// project's lock. It returns the positions of the cells to withhold.
func (s *LedgerStore) Release(ctx context.Context, project, queryHash string, at time.Time, cells []differencing.Cell, threshold int) ([]int, error) {
	var withheld []int
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, ledgerLock, project); err != nil {
			return err
		}
		var err error
		withheld, err = differencing.Check(cells, threshold, func(lo, hi int) ([]*differencing.Set, error) {
			return earlierSets(ctx, tx, project, lo, hi)
		})
		if err != nil {
			return err
		}
		skip := map[int]bool{}
		for _, i := range withheld {
			skip[i] = true
		}
		var rows [][]any
		for i, c := range cells {
			if skip[i] {
				continue
			}
			b, err := differencing.Encode(c.Members)
			if err != nil {
				return err
			}
			rows = append(rows, []any{project, at, queryHash, c.Key, int32(c.Members.GetCardinality()), b})
		}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"released_cells"},
			[]string{"project_id", "released_at", "query_hash", "cell", "people", "members"}, pgx.CopyFromRows(rows))
		return err
	})
	return withheld, storeError("differencing ledger", err)
}

func earlierSets(ctx context.Context, tx pgx.Tx, project string, lo, hi int) ([]*differencing.Set, error) {
	rows, err := tx.Query(ctx, `SELECT members FROM released_cells WHERE project_id = $1 AND people BETWEEN $2 AND $3`, project, lo, hi)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*differencing.Set, error) {
		var b []byte
		if err := r.Scan(&b); err != nil {
			return nil, err
		}
		return differencing.Decode(b)
	})
}
