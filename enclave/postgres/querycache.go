package postgres

import (
	"context"
	"errors"
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

	mu       sync.Mutex
	tables   map[string]*heldTable // by dataset name: one version held at a time
	building map[string]bool
	lastRead map[string]read // each dataset's last read, which paces the next
	lists    map[int64]colstore.List
	held     atomic.Int64 // rows held
	answered atomic.Int64 // queries answered from memory
	reading  sync.Mutex   // one read at a time: the budget and the memory a read takes

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// heldTable is a dataset's table and what queries have worked out from it,
// dropped with it when the dataset is read again.
type heldTable struct {
	t         *colstore.Table // t.Dataset is the table's name, of the dataset's version
	mu        sync.Mutex
	matches   map[string][]int32        // its people in another held table, by that table's name and revision
	permitted map[string][]bool         // its people the lists permit, by list versions
	labels    map[labelKey]colstore.Dim // group-by columns resolved
	values    map[string][]float64      // measure columns' values, by column
}

// labelKey names a column's resolved labels: a catalogue revision gives
// the column's bins or period.
type labelKey struct {
	column, catalogueRevision string
}

// read is how a dataset's last read ended.
type read struct {
	revision string // wanted by the query that asked for the read
	at       time.Time
	failed   bool
}

// The pace of reads of one dataset for the same revision wanted: after a
// failure the cache waits retryAfter; after a read that succeeded but gave
// another revision, readEvery, so that queries whose snapshot the cache's
// reads cannot see (a query answered on the primary while the cache reads
// from a standby that is behind, or one with an older snapshot) do not
// read the dataset over and over.
const (
	retryAfter = 5 * time.Minute
	readEvery  = 30 * time.Second
)

func (c *QueryCache) init() {
	c.once.Do(func() {
		c.tables, c.building, c.lastRead = map[string]*heldTable{}, map[string]bool{}, map[string]read{}
		c.lists = map[int64]colstore.List{}
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
// returns when each is held or could not be (which it logs); a dataset a
// query's read is already reading is left to that read.
func (c *QueryCache) Warm(cat *catalogue.Catalogue) {
	for _, d := range cat.Datasets() {
		if c.start(d, "") {
			c.readLogged(d, "")
		}
	}
}

// table returns the held table of d at revision, or starts reading d in
// the background and returns nil.
func (c *QueryCache) table(d *catalogue.Dataset, revision string) *heldTable {
	c.init()
	c.mu.Lock()
	h := c.tables[d.Name]
	c.mu.Unlock()
	if h != nil && h.t.Dataset == DatasetTable(d.Name, d.Version) && h.t.Revision == revision {
		return h
	}
	if c.start(d, revision) {
		go c.readLogged(d, revision)
	}
	return nil
}

// start marks d as being read, for a query that wants revision ("" to
// warm), and reports whether the caller should read it: not when it is
// being read, was read lately, or the cache is closed.
func (c *QueryCache) start(d *catalogue.Dataset, revision string) bool {
	c.init()
	name := d.Name
	c.mu.Lock()
	defer c.mu.Unlock()
	last, seen := c.lastRead[name]
	switch {
	case c.building[name] || c.ctx.Err() != nil:
		return false
	case seen && last.revision == revision && last.failed && time.Since(last.at) < retryAfter:
		return false
	case seen && last.revision == revision && !last.failed && time.Since(last.at) < readEvery:
		return false
	}
	c.building[name] = true
	c.wg.Add(1)
	return true
}

// readLogged reads d (after start), holds what it read and logs how it
// went. A read at the revision already held keeps the held table and what
// was worked out from it; a read that failed keeps it too (the revision
// check keeps answers right), unless the dataset no longer fits the budget.
func (c *QueryCache) readLogged(d *catalogue.Dataset, revision string) {
	defer c.wg.Done()
	begin := time.Now()
	c.reading.Lock()
	defer c.reading.Unlock() // held until the table read is counted
	c.mu.Lock()
	before := c.tables[d.Name]
	c.mu.Unlock()
	t, err := c.read(c.ctx, d, c.budget(d.Name), before)
	c.hold(d, t, err, read{revision: revision, at: time.Now(), failed: err != nil})
	switch {
	case c.Log == nil || c.ctx.Err() != nil:
	case err != nil:
		c.Log.LogAttrs(c.ctx, slog.LevelWarn, "dataset not held in memory", slog.String("dataset", d.Name), slog.Any("err", err))
	case before == nil || t != before.t:
		c.Log.LogAttrs(c.ctx, slog.LevelInfo, "dataset held in memory", slog.String("dataset", d.Name),
			slog.Int64("rows_held", c.Rows()), slog.Duration("took", time.Since(begin)))
	}
}

// budget is the rows a read of dataset name may hold: what the cache may
// hold less what the other datasets hold.
func (c *QueryCache) budget(name string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	others := c.held.Load()
	if h := c.tables[name]; h != nil {
		others -= int64(h.t.Rows())
	}
	return c.MaxRows - others
}

// hold keeps t, read for d, as its dataset's table, in place of the one
// before, which it drops with all that was worked out from it. After a
// failed read (t nil) it keeps the table before, unless err says the
// dataset is past the budget.
func (c *QueryCache) hold(d *catalogue.Dataset, t *colstore.Table, err error, r read) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.building, d.Name)
	c.lastRead[d.Name] = r
	old := c.tables[d.Name]
	if t == nil && !errors.Is(err, errPastBudget) || old != nil && t == old.t {
		return
	}
	if old != nil {
		c.held.Add(-int64(old.t.Rows()))
		delete(c.tables, d.Name)
	}
	if t != nil {
		c.tables[d.Name] = &heldTable{t: t, matches: map[string][]int32{}, permitted: map[string][]bool{},
			labels: map[labelKey]colstore.Dim{}, values: map[string][]float64{}}
		c.held.Add(int64(t.Rows()))
	}
}

// match is the join of h's people to other's, worked out once a pair.
func (h *heldTable) match(other *colstore.Table) []int32 {
	key := other.Dataset + " " + other.Revision
	h.mu.Lock()
	m, ok := h.matches[key]
	h.mu.Unlock()
	if ok {
		return m
	}
	m = colstore.Match(h.t, other)
	h.mu.Lock()
	if len(h.matches) >= 16 {
		clear(h.matches)
	}
	h.matches[key] = m
	h.mu.Unlock()
	return m
}
