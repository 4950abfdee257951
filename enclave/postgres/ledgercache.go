package postgres

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/research-enclave/enclave/enclave/differencing"
)

// ledgerCache is what a LedgerStore knows of one project's ledger: the id
// and sketch of every cell up to the highest id it read, by count of
// people. Within a project ids grow in the order cells were recorded
// (migration 010), and it is read under the project's lock, so reading the
// rows above that id catches up with whatever any process recorded since.
// The ledger is append-only: nothing read goes stale. A cell's state
// (migration 013: released, or the state of the held result it was
// recorded with) changes as officers decide, so it is never cached: it is
// read with the cell's people.
type ledgerCache struct {
	mu      sync.Mutex
	last    int64
	byCount map[int32][]sketched

	size int    // cells held; guarded by LedgerStore.mu
	used uint64 // when last checked; guarded by LedgerStore.mu
}

type sketched struct {
	id     int64
	sketch differencing.Sketch
}

// errDamaged marks a ledger the service cannot read: a stored cell it cannot
// decode, or one gone from the database.
var errDamaged = errors.New("the differencing ledger is damaged")

// cache returns project's cache, marked as the most recently used.
func (s *LedgerStore) cache(project string) *ledgerCache {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.projects == nil {
		s.projects = map[string]*ledgerCache{}
	}
	c := s.projects[project]
	if c == nil {
		c = &ledgerCache{byCount: map[int32][]sketched{}}
		s.projects[project] = c
	}
	s.uses++
	c.used = s.uses
	return c
}

// grew counts the cells c has just read, then drops the caches of the
// projects checked least recently, other than c, until the store holds no
// more cells than its bound.
func (s *LedgerStore) grew(project string, c *ledgerCache, read int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.projects[project] != c {
		return // dropped meanwhile; its checks still hold a correct view
	}
	c.size += read
	s.cells += read
	bound := s.CacheCells
	if bound <= 0 {
		bound = 500_000
	}
	for s.cells > bound {
		var oldest string
		for p, o := range s.projects {
			if o != c && (oldest == "" || o.used < s.projects[oldest].used) {
				oldest = p
			}
		}
		if oldest == "" {
			return
		}
		s.cells -= s.projects[oldest].size
		delete(s.projects, oldest)
	}
}

// catchUp reads the cells of project recorded since c last read, and says
// how many. Cells from before migration 010 have no stored sketch: it is
// computed from their bitmap.
func (c *ledgerCache) catchUp(ctx context.Context, tx pgx.Tx, project string) (int, error) {
	rows, err := tx.Query(ctx, `SELECT id, people, sketch, members FROM released_cells
		WHERE project_id = $1 AND id > $2 ORDER BY id`, project, c.last)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	read := 0
	for rows.Next() {
		var id int64
		var people int32
		var sketch, roaring pgtype.DriverBytes // valid until the next row
		if err := rows.Scan(&id, &people, &sketch, &roaring); err != nil {
			return read, err
		}
		e := sketched{id: id}
		if sketch != nil {
			e.sketch, err = differencing.DecodeSketch(sketch)
		} else {
			var set *differencing.Set
			if set, err = differencing.DecodeRoaring(roaring); err == nil {
				e.sketch = *set.Sketch()
			}
		}
		if err != nil {
			return read, fmt.Errorf("%w: cell %d of project %s: %w", errDamaged, id, project, err)
		}
		c.byCount[people] = append(c.byCount[people], e)
		c.last = id
		read++
	}
	return read, rows.Err()
}

// earlier is differencing.Earlier for project: for each set, the earlier
// cells whose count of people and sketch both lie within reach, read in
// one statement with their state now, except those already in read, to
// which it adds the cells it reads.
func (c *ledgerCache) earlier(ctx context.Context, tx pgx.Tx, project string, sets []*differencing.Set, within int, read map[int64]differencing.Prior) ([][]differencing.Prior, error) {
	candidates := make([][]int64, len(sets))
	var ids []int64
	for i, s := range sets {
		n := s.Len()
		for people := n - within + 1; people < n+within; people++ {
			for _, e := range c.byCount[int32(people)] {
				if differencing.Within(s.Sketch(), &e.sketch, within) {
					candidates[i] = append(candidates[i], e.id)
					if _, ok := read[e.id]; !ok {
						ids = append(ids, e.id)
					}
				}
			}
		}
	}
	if len(ids) > 0 {
		slices.Sort(ids)
		byID, err := readPriors(ctx, tx, project, slices.Compact(ids))
		if err != nil {
			return nil, err
		}
		maps.Copy(read, byID)
	}
	out := make([][]differencing.Prior, len(sets))
	for i, cs := range candidates {
		for _, id := range cs {
			out[i] = append(out[i], read[id])
		}
	}
	return out, nil
}

// readPriors reads the people and the state of the cells ids of project,
// each id once. A cell recorded with a held result is in that result's
// state now; held when the result is missing (the hold failed to be stored
// after the cell was recorded): it was never given out.
func readPriors(ctx context.Context, tx pgx.Tx, project string, ids []int64) (map[int64]differencing.Prior, error) {
	rows, err := tx.Query(ctx, `SELECT c.id, c.member_keys, c.members, COALESCE(c.held_result, ''),
			CASE WHEN c.held_result IS NULL THEN 'released' ELSE COALESCE(h.state, 'held') END
		FROM released_cells c LEFT JOIN held_results h ON h.id = c.held_result
		WHERE c.project_id = $1 AND c.id = ANY($2)`, project, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sets := map[int64]differencing.Prior{}
	for rows.Next() {
		var id int64
		var keys, roaring []byte
		var p differencing.Prior
		if err := rows.Scan(&id, &keys, &roaring, &p.Hold, &p.State); err != nil {
			return nil, err
		}
		if keys != nil {
			p.Members, err = differencing.Decode(keys)
		} else {
			p.Members, err = differencing.DecodeRoaring(roaring)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: cell %d of project %s: %w", errDamaged, id, project, err)
		}
		sets[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(sets) != len(ids) {
		return nil, fmt.Errorf("%w: %d cells of project %s read before are gone", errDamaged, len(ids)-len(sets), project)
	}
	return sets, nil
}
