package postgres

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/differencing"
)

// LedgerStore keeps each project's differencing ledger (migrations 007 and
// 010). In memory it keeps the id, count of people and sketch of every cell
// of the projects it checked lately (ledgerCache), so that a check reads
// from the database only the cells recorded since, by any process, and the
// people of the few earlier cells whose sketches come close.
type LedgerStore struct {
	DB *DB
	// CacheCells bounds how many cells the cache holds over all projects,
	// at about 200 bytes a cell; past it, the projects checked least
	// recently are dropped, to be read again when next checked. The
	// project being checked is kept whatever its size. Zero means 500,000
	// (about 100 MB).
	CacheCells int

	mu       sync.Mutex
	projects map[string]*ledgerCache
	cells    int    // held by the caches in projects
	uses     uint64 // counts checks, to order projects by last use
}

// ledgerLock is the advisory lock class of a project's ledger: answers of
// one project are checked and recorded one at a time, so two answers given
// at once cannot both pass against a ledger that holds neither.
const ledgerLock = int32(0x656e6301)

// Release checks cells against the project's ledger (differencing.Check)
// and records the ones it lets through whose people the ledger does not
// hold yet (differencing.Fresh), in one transaction under the project's
// lock.
func (s *LedgerStore) Release(ctx context.Context, project, queryHash string, at time.Time, cells []differencing.Cell, threshold int) (differencing.Outcome, error) {
	var out differencing.Outcome
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, ledgerLock, project); err != nil {
			return err
		}
		c := s.cache(project)
		c.mu.Lock()
		defer c.mu.Unlock()
		read, err := c.catchUp(ctx, tx, project)
		s.grew(project, c, read)
		if err != nil {
			return err
		}
		var before [][]*differencing.Set
		out, err = differencing.Check(cells, threshold, func(sets []*differencing.Set, within int) ([][]*differencing.Set, error) {
			var err error
			before, err = c.earlier(ctx, tx, project, sets, within)
			return before, err
		})
		if err != nil {
			return err
		}
		return record(ctx, tx, project, queryHash, at, differencing.Fresh(cells, out, before))
	})
	if errors.Is(err, errDamaged) {
		return differencing.Outcome{}, enclave.Wrap(enclave.CodeInternal, "the differencing ledger is damaged, so no answer can be checked against it", err)
	}
	if err != nil {
		return differencing.Outcome{}, storeError("differencing ledger", err)
	}
	return out, nil
}

// record inserts cells into the ledger.
func record(ctx context.Context, tx pgx.Tx, project, queryHash string, at time.Time, cells []differencing.Cell) error {
	if len(cells) == 0 {
		return nil
	}
	rows := make([][]any, len(cells))
	for i, c := range cells {
		rows[i] = []any{project, at, queryHash, c.Key, int32(c.Members.Len()),
			differencing.Encode(c.Members), differencing.EncodeSketch(c.Members.Sketch())}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"released_cells"},
		[]string{"project_id", "released_at", "query_hash", "cell", "people", "member_keys", "sketch"}, pgx.CopyFromRows(rows))
	return err
}
