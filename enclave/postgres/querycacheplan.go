package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/colstore"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// answer answers q from memory, in the query's snapshot tx (already the
// research role), when every dataset q reads is held at its revision in
// revisions; ok is false when one is not, and then the query must run as
// SQL. The filters' and labels' meanings come from PostgreSQL, applied to
// each column's distinct values; the opt-out lists are read in tx.
func (c *QueryCache) answer(ctx context.Context, tx pgx.Tx, cat *catalogue.Catalogue, q query.Query, lists []string, n peopleNeeds, revisions map[string]string, maxCells int) ([]disclosure.Cell, bool, error) {
	tables := map[string]*heldTable{}
	missing := false
	for ds := range q.Columns() {
		d, found := cat.Dataset(ds)
		rev, known := revisions[ds]
		if !found || !known {
			return nil, false, nil
		}
		if tables[ds] = c.table(d, rev); tables[ds] == nil {
			missing = true // and go on, so that every table missing is read
		}
	}
	if missing {
		return nil, false, nil
	}
	p, ok, err := c.plan(ctx, tx, cat, q, tables, lists)
	if err != nil || !ok {
		return nil, false, err
	}
	p.Needs = colstore.Needs{Top: n.top, Contributions: n.contributions, CellKeys: n.cellKeys, Members: n.members}
	if !p.Fits() {
		return nil, false, nil
	}
	cells, err := colstore.Evaluate(ctx, p, maxCells)
	switch {
	case errors.Is(err, colstore.ErrTooManyCells):
		return nil, false, enclave.E(enclave.CodeTooLarge, fmt.Sprintf("the result has more than %d cells: narrow the query or group by fewer columns", maxCells))
	case ctx.Err() != nil:
		return nil, false, ctx.Err()
	case err != nil:
		// A fault of the evaluation, not of the query: SQL answers it.
		if c.Log != nil {
			c.Log.LogAttrs(ctx, slog.LevelError, "query answered by SQL after a fault in memory", slog.Any("err", err))
		}
		return nil, false, nil
	}
	c.answered.Add(1)
	return cells, true, nil
}

// plan resolves q against tables; ok is false when a column it needs is
// not held.
func (c *QueryCache) plan(ctx context.Context, tx pgx.Tx, cat *catalogue.Catalogue, q query.Query, tables map[string]*heldTable, lists []string) (*colstore.Plan, bool, error) {
	p := &colstore.Plan{Measured: -1, Totals: q.Totals}
	source := map[string]int{}
	base := tables[q.Datasets[0]]
	for i, ds := range q.Datasets {
		if _, twice := source[ds]; twice {
			return nil, false, nil
		}
		source[ds] = i
		s := colstore.Source{Table: tables[ds].t}
		if i > 0 {
			s.Match = base.match(s.Table)
		}
		p.Sources = append(p.Sources, s)
	}
	for _, f := range q.Filters {
		ds, _, _ := strings.Cut(f.Column, ".")
		if _, ok := source[ds]; !ok {
			return nil, false, nil
		}
		cond, ok, err := c.cond(ctx, tx, cat, tables[ds].t, f)
		if err != nil || !ok {
			return nil, ok, err
		}
		p.Sources[source[ds]].Conds = append(p.Sources[source[ds]].Conds, cond)
	}
	if q.Cohort != nil {
		s := colstore.Source{Table: tables[q.Cohort.Dataset].t}
		for _, f := range q.Cohort.Filters {
			cond, ok, err := c.cond(ctx, tx, cat, s.Table, f)
			if err != nil || !ok {
				return nil, ok, err
			}
			s.Conds = append(s.Conds, cond)
		}
		s.Match = base.match(s.Table)
		p.InCohort = colstore.CohortOf(base.t, s)
	}
	var err error
	if p.Permitted, err = c.permittedFor(ctx, tx, base, lists); err != nil {
		return nil, false, err
	}
	for _, g := range q.GroupBy {
		ds, _, _ := strings.Cut(g, ".")
		if _, ok := source[ds]; !ok {
			return nil, false, nil
		}
		d, ok, err := tables[ds].dim(ctx, tx, cat, g)
		if err != nil || !ok {
			return nil, ok, err
		}
		d.Source = source[ds]
		p.Dims = append(p.Dims, d)
	}
	if !measures(p, q, tables, source) {
		return nil, false, nil
	}
	return p, true, nil
}

// measures adds q's measures to p, of the measured dataset in tables
// (source gives each dataset's place in p.Sources); false when a column is
// not held, or a measured dataset is not one of the query's.
func measures(p *colstore.Plan, q query.Query, tables map[string]*heldTable, source map[string]int) bool {
	for _, m := range q.Measures {
		var kind colstore.Kind
		switch m.Kind {
		case query.CountEvents:
			kind = colstore.Events
			if _, ok := source[m.Dataset]; !ok {
				return false
			}
			p.Measured = source[m.Dataset]
			p.Measures = append(p.Measures, colstore.Measure{Kind: kind})
			continue
		case query.Sum:
			kind = colstore.Sum
		case query.Mean:
			kind = colstore.Mean
		case query.Percentile:
			kind = colstore.Percentile
		case query.CountPeople:
			continue
		default:
			return false // a measure this code does not know: SQL's
		}
		ds, name, _ := strings.Cut(m.Column, ".")
		if _, ok := source[ds]; !ok {
			return false
		}
		col, values, ok := tables[ds].measure(name)
		if !ok {
			return false
		}
		p.Measured = source[ds]
		p.Measures = append(p.Measures, colstore.Measure{Kind: kind, Column: col, Value: values,
			NoiseByte: colstore.NoiseByte(m.Column), Seed: colstore.ContributionSeed(m.Column), P: m.P})
	}
	return true
}

// column is the catalogue's column ref and the table's.
func column(cat *catalogue.Catalogue, t *colstore.Table, ref string) (*catalogue.Column, *colstore.Column, bool) {
	ds, name, _ := strings.Cut(ref, ".")
	d, ok := cat.Dataset(ds)
	if !ok {
		return nil, nil, false
	}
	cc, ok := d.Column(name)
	if !ok {
		return nil, nil, false
	}
	tc, ok := t.Column(name)
	return cc, tc, ok
}

// cond is filter f on table t: which of its column's values pass, as
// PostgreSQL's condition of the SQL statements says of each.
func (c *QueryCache) cond(ctx context.Context, tx pgx.Tx, cat *catalogue.Catalogue, t *colstore.Table, f query.Filter) (colstore.Cond, bool, error) {
	cc, tc, ok := column(cat, t, f.Column)
	if !ok || len(tc.Dict) > maxResolved {
		return colstore.Cond{}, false, nil
	}
	b := &sqlBuilder{cat: cat}
	b.arg(tc.Dict[1:])
	where, err := b.filterOn("CAST(u.v AS "+sqlTypes[cc.Type]+")", *cc, f)
	if err != nil {
		return colstore.Cond{}, false, err
	}
	rows, err := tx.Query(ctx, "SELECT u.i FROM unnest($1::text[]) WITH ORDINALITY AS u (v, i) WHERE "+where, b.args...)
	if err != nil {
		return colstore.Cond{}, false, err
	}
	codes, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return colstore.Cond{}, false, err
	}
	pass := make([]bool, len(tc.Dict))
	for _, code := range codes {
		pass[code] = true
	}
	return colstore.Cond{Column: tc, Pass: pass}, true, nil
}

// dim is group-by column ref of h: each value's label, as the SQL
// statements write it, and the labels' order, as their ORDER BY sorts
// them. Worked out once a catalogue revision (which gives the column's
// bins or period).
func (h *heldTable) dim(ctx context.Context, tx pgx.Tx, cat *catalogue.Catalogue, ref string) (colstore.Dim, bool, error) {
	key := labelKey{column: ref, catalogueRevision: cat.Revision()}
	h.mu.Lock()
	d, ok := h.labels[key]
	h.mu.Unlock()
	if ok {
		return d, true, nil
	}
	cc, tc, ok := column(cat, h.t, ref)
	if !ok || len(tc.Dict) > maxResolved {
		return colstore.Dim{}, false, nil
	}
	label, err := groupLabel("CAST(u.v AS "+sqlTypes[cc.Type]+")", *cc)
	if err != nil {
		return colstore.Dim{}, false, err
	}
	rows, err := tx.Query(ctx, `SELECT l.i, l.label, dense_rank() OVER (ORDER BY l.label)::int
		FROM (SELECT u.i, `+label+` AS label FROM unnest($1::text[]) WITH ORDINALITY AS u (v, i)) l
		WHERE l.label IS NOT NULL`, tc.Dict[1:])
	if err != nil {
		return colstore.Dim{}, false, err
	}
	d = colstore.Dim{Column: tc, Label: make([]int32, len(tc.Dict))}
	for i := range d.Label {
		d.Label[i] = -1
	}
	index := map[string]int32{}
	var code int64
	var text string
	var rank int32
	_, err = pgx.ForEachRow(rows, []any{&code, &text, &rank}, func() error {
		at, seen := index[text]
		if !seen {
			at = int32(len(d.Labels))
			index[text] = at
			d.Labels = append(d.Labels, text)
			d.Rank = append(d.Rank, rank)
		}
		d.Label[code] = at
		return nil
	})
	if err != nil {
		return colstore.Dim{}, false, err
	}
	h.mu.Lock()
	if len(h.labels) >= 64 {
		clear(h.labels)
	}
	h.labels[key] = d
	h.mu.Unlock()
	return d, true, nil
}

// maxResolved is the most distinct values of a column whose filters and
// labels are worked out from memory: each is sent to PostgreSQL once a
// query or a table, so a column of more (free text, exact amounts) is left
// to SQL.
const maxResolved = 100_000

// measure is measure column name of h and each code's value, parsed once;
// ok is false when the column is not held or a value is not a number Go
// parses as PostgreSQL's cast to double precision would.
func (h *heldTable) measure(name string) (*colstore.Column, []float64, bool) {
	col, ok := h.t.Column(name)
	if !ok {
		return nil, nil, false
	}
	h.mu.Lock()
	values, ok := h.values[name]
	h.mu.Unlock()
	if ok {
		return col, values, values != nil
	}
	values = make([]float64, len(col.Dict))
	for code, text := range col.Dict[1:] {
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			values = nil
			break
		}
		values[code+1] = v
	}
	h.mu.Lock()
	h.values[name] = values
	h.mu.Unlock()
	return col, values, values != nil
}

// permittedFor says which of base's people the lists' current versions in
// tx permit: nobody when one of them has no current version.
func (c *QueryCache) permittedFor(ctx context.Context, tx pgx.Tx, base *heldTable, lists []string) ([]bool, error) {
	if len(lists) == 0 {
		return nil, nil
	}
	type version struct {
		id   int64
		deny bool
	}
	rows, err := tx.Query(ctx, `SELECT id, form = 'deny' FROM optout_current WHERE list = ANY($1) ORDER BY id`, lists)
	if err != nil {
		return nil, err
	}
	var versions []version
	var v version
	if _, err := pgx.ForEachRow(rows, []any{&v.id, &v.deny}, func() error {
		versions = append(versions, v)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(versions) != len(lists) {
		return make([]bool, len(base.t.People)), nil
	}
	key := fmt.Sprint(versions)
	base.mu.Lock()
	permitted, ok := base.permitted[key]
	base.mu.Unlock()
	if ok {
		return permitted, nil
	}
	var ls []colstore.List
	for _, v := range versions {
		l, err := c.list(ctx, tx, v.id)
		if err != nil {
			return nil, err
		}
		l.Deny = v.deny
		ls = append(ls, l)
	}
	permitted = colstore.Permitted(base.t, ls)
	base.mu.Lock()
	if len(base.permitted) >= 16 {
		clear(base.permitted)
	}
	base.permitted[key] = permitted
	base.mu.Unlock()
	return permitted, nil
}

// list is the people of opt-out list version id, read once: a version's
// entries never change once its load has committed.
func (c *QueryCache) list(ctx context.Context, tx pgx.Tx, id int64) (colstore.List, error) {
	c.mu.Lock()
	l, ok := c.lists[id]
	c.mu.Unlock()
	if ok {
		return l, nil
	}
	rows, err := tx.Query(ctx, `SELECT pid FROM optout_entries WHERE version_id = $1`, id)
	if err != nil {
		return l, err
	}
	var pid []byte
	_, err = pgx.ForEachRow(rows, []any{&pid}, func() error {
		if len(pid) != colstore.PseudonymSize {
			return fmt.Errorf("an opt-out entry of %d bytes", len(pid))
		}
		l.People = append(l.People, colstore.Pseudonym(pid))
		return nil
	})
	if err != nil {
		return l, err
	}
	colstore.SortPeople(l.People)
	c.mu.Lock()
	if len(c.lists) >= 16 {
		clear(c.lists)
	}
	c.lists[id] = l
	c.mu.Unlock()
	return l, nil
}
