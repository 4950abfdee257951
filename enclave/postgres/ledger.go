package postgres

import (
	"context"
	"errors"
	"slices"
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
	// recently are dropped, to be read again when next checked (a dropped
	// project still being checked keeps its cache until the check ends).
	// Zero means 500,000 (about 100 MB).
	CacheCells int

	mu       sync.Mutex
	projects map[string]*ledgerCache
	cells    int    // held by the caches in projects
	uses     uint64 // counts checks, to order projects by last use
}

var _ differencing.Ledger = (*LedgerStore)(nil)

// ledgerLock is the advisory lock class of a project's ledger: answers of
// one project are checked and recorded one at a time, so two answers given
// at once cannot both pass against a ledger that holds neither.
const ledgerLock = int32(0x656e6301)

// Within runs fn in one transaction holding the advisory lock of every
// project's ledger, taken in the order of their ids so that two answers
// over overlapping projects cannot deadlock, with each cache caught up.
// fn's view reads all of them and records into projects[0]'s. The locks are
// held while fn runs, disclosure control included: answers over any of the
// same projects wait for each other, which is the price of never checking
// two of them against ledgers that hold neither.
func (s *LedgerStore) Within(ctx context.Context, projects []string, fn func(differencing.View) error) error {
	if len(projects) == 0 {
		return enclave.E(enclave.CodeInternal, "a differencing check names no project")
	}
	locked := slices.Clone(projects)
	slices.Sort(locked)
	locked = slices.Compact(locked)
	var fnErr error
	err := s.DB.InTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		v := &ledgerView{ctx: ctx, tx: tx, project: projects[0], read: map[int64]differencing.Prior{}}
		for _, p := range locked {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, ledgerLock, p); err != nil {
				return err
			}
			c := s.cache(p)
			c.mu.Lock()
			defer c.mu.Unlock()
			read, err := c.catchUp(ctx, tx, p)
			s.grew(p, c, read)
			if err != nil {
				return err
			}
			v.caches = append(v.caches, c)
			v.names = append(v.names, p)
		}
		fnErr = fn(v)
		return fnErr
	})
	switch {
	case fnErr != nil:
		return fnErr
	case err != nil:
		return ledgerError(err)
	}
	return nil
}

// ledgerError is the error a caller sees when reading or writing the
// ledger fails.
func ledgerError(err error) error {
	if errors.Is(err, errDamaged) {
		return enclave.Wrap(enclave.CodeInternal, "the differencing ledger is damaged, so no answer can be checked against it", err)
	}
	return storeError("differencing ledger", err)
}

// ledgerView is the differencing.View of one Within.
type ledgerView struct {
	ctx     context.Context
	tx      pgx.Tx
	project string // records go here
	caches  []*ledgerCache
	names   []string
	// read are the earlier cells read in this view, by id (unique across
	// projects): an answer's check and its recording look at the same
	// candidates, whose people are read once. Under the view's locks they
	// cannot change in between.
	read map[int64]differencing.Prior
}

func (v *ledgerView) Earlier(sets []*differencing.Set, within int) ([][]differencing.Prior, error) {
	return v.earlier(sets, within, false)
}

func (v *ledgerView) Own(sets []*differencing.Set, within int) ([][]differencing.Prior, error) {
	return v.earlier(sets, within, true)
}

// earlier is differencing.Earlier over the view's ledgers, or the
// answering project's alone.
func (v *ledgerView) earlier(sets []*differencing.Set, within int, own bool) ([][]differencing.Prior, error) {
	out := make([][]differencing.Prior, len(sets))
	for k, c := range v.caches {
		if own && v.names[k] != v.project {
			continue
		}
		before, err := c.earlier(v.ctx, v.tx, v.names[k], sets, within, v.read)
		if err != nil {
			return nil, ledgerError(err)
		}
		for i := range out {
			out[i] = append(out[i], before[i]...)
		}
	}
	return out, nil
}

// Record inserts cells into the first project's ledger, with held result
// hold (NULL when released with their answer).
func (v *ledgerView) Record(queryHash, hold string, at time.Time, cells []differencing.Cell) error {
	if len(cells) == 0 {
		return nil
	}
	var held *string
	if hold != "" {
		held = &hold
	}
	rows := make([][]any, len(cells))
	for i, c := range cells {
		rows[i] = []any{v.project, at, queryHash, c.Key, int32(c.Members.Len()),
			differencing.Encode(c.Members), differencing.EncodeSketch(c.Members.Sketch()), held}
	}
	if _, err := v.tx.CopyFrom(v.ctx, pgx.Identifier{"released_cells"},
		[]string{"project_id", "released_at", "query_hash", "cell", "people", "member_keys", "sketch", "held_result"}, pgx.CopyFromRows(rows)); err != nil {
		return ledgerError(err)
	}
	return nil
}
