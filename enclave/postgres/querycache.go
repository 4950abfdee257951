package postgres

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/colstore"
)

// QueryCache keeps the research datasets in memory, column by column
// (colstore), so that a query over millions of rows answers in a fraction
// of a second. It changes nothing of what an answer is: a query is
// answered from it only when, in the query's own snapshot, every dataset
// it reads is at the data revision the cache holds; the opt-out lists
// applied are those current in that snapshot, read then; every value's
// meaning (filters, labels, their order) is worked out by PostgreSQL; and
// the cells are those the SQL statements would give (the tests compare
// both). Otherwise the query runs as SQL, and the cache reads the dataset
// afresh in the background, as the research role, in a snapshot of its own.
type QueryCache struct {
	DB          *DB
	ServiceRole string
	// MaxRows is the most rows held in memory, all datasets together; a
	// dataset that would pass it is not held.
	MaxRows int64
	Log     *slog.Logger

	mu        sync.Mutex
	tables    map[string]*colstore.Table // by dataset table name
	building  map[string]bool
	failed    map[string]failure // each dataset that could not be held, not tried again for a while
	matches   map[[2]*colstore.Table][]int32
	lists     map[int64]colstore.List // opt-out list versions, by id
	permitted map[string][]bool       // by base table and list versions
	labels    map[labelKey]colstore.Dim
	held      atomic.Int64 // rows held
	answered  atomic.Int64 // queries answered from memory

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// failure is a dataset's revision that could not be held, and when.
type failure struct {
	revision string
	at       time.Time
}

// retryAfter is how long the cache leaves a dataset it could not hold at a
// revision before it tries again.
const retryAfter = 5 * time.Minute

// labelKey names a column's resolved labels.
type labelKey struct {
	table     *colstore.Table
	column    string
	catalogue string // revision
}

func (c *QueryCache) init() {
	c.once.Do(func() {
		c.tables, c.building, c.failed = map[string]*colstore.Table{}, map[string]bool{}, map[string]failure{}
		c.matches, c.lists = map[[2]*colstore.Table][]int32{}, map[int64]colstore.List{}
		c.permitted, c.labels = map[string][]bool{}, map[labelKey]colstore.Dim{}
		c.ctx, c.cancel = context.WithCancel(context.Background())
	})
}

// Close stops the reads under way and waits for them; the cache reads
// nothing more after.
func (c *QueryCache) Close() {
	c.init()
	c.mu.Lock()
	c.cancel()
	c.mu.Unlock()
	c.wg.Wait()
}

// Rows is the number of rows held.
func (c *QueryCache) Rows() int64 { return c.held.Load() }

// Answered is the number of queries answered from memory.
func (c *QueryCache) Answered() int64 { return c.answered.Load() }

// Warm reads every dataset of cat into memory, one after another, and
// returns when they are held (or could not be, which it logs).
func (c *QueryCache) Warm(cat *catalogue.Catalogue) {
	c.init()
	c.mu.Lock()
	if c.ctx.Err() != nil {
		c.mu.Unlock()
		return
	}
	c.wg.Add(1)
	c.mu.Unlock()
	defer c.wg.Done()
	for _, d := range cat.Datasets() {
		c.readLogged(d)
	}
}

// readLogged reads d and logs how it went.
func (c *QueryCache) readLogged(d *catalogue.Dataset) error {
	start := time.Now()
	err := c.read(c.ctx, d)
	switch {
	case c.Log == nil:
	case err != nil:
		c.Log.LogAttrs(c.ctx, slog.LevelWarn, "dataset not held in memory", slog.String("dataset", d.Name), slog.Any("err", err))
	default:
		c.Log.LogAttrs(c.ctx, slog.LevelInfo, "dataset held in memory", slog.String("dataset", d.Name),
			slog.Int64("rows_held", c.Rows()), slog.Duration("took", time.Since(start)))
	}
	return err
}

// table returns the held table of d at revision, or starts reading it and
// returns nil.
func (c *QueryCache) table(d *catalogue.Dataset, revision string) *colstore.Table {
	c.init()
	name := DatasetTable(d.Name, d.Version)
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := c.tables[name]; t != nil && t.Revision == revision {
		return t
	}
	f, failed := c.failed[name]
	if failed && f.revision == revision && time.Since(f.at) < retryAfter {
		return nil
	}
	if !c.building[name] && c.ctx.Err() == nil {
		c.building[name] = true
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			if err := c.readLogged(d); err != nil {
				c.mu.Lock()
				c.failed[name] = failure{revision: revision, at: time.Now()}
				c.mu.Unlock()
			}
		}()
	}
	return nil
}

// hold keeps t as its dataset's table, in place of the one before, and
// forgets what was worked out from that one.
func (c *QueryCache) hold(name string, t *colstore.Table) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.building, name)
	old := c.tables[name]
	if old != nil {
		c.held.Add(-int64(old.Rows()))
		for k := range c.matches {
			if k[0] == old || k[1] == old {
				delete(c.matches, k)
			}
		}
		for k := range c.labels {
			if k.table == old {
				delete(c.labels, k)
			}
		}
		clear(c.permitted)
	}
	if t == nil {
		delete(c.tables, name)
		return
	}
	c.tables[name] = t
	c.held.Add(int64(t.Rows()))
}

// match is the join of base's people to other's, worked out once.
func (c *QueryCache) match(base, other *colstore.Table) []int32 {
	key := [2]*colstore.Table{base, other}
	c.mu.Lock()
	m, ok := c.matches[key]
	c.mu.Unlock()
	if ok {
		return m
	}
	m = colstore.Match(base, other)
	c.mu.Lock()
	c.matches[key] = m
	c.mu.Unlock()
	return m
}
