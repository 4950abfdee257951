package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/query"
)

// QueryStore runs validated queries over the research data, each in its own
// READ ONLY transaction as the research role, which can read the dataset
// tables and opt-out lists and nothing else. Queries share the pool, so a
// slow one holds one connection and never blocks the others.
type QueryStore struct {
	DB          *DB
	Catalogue   *catalogue.Catalogue
	ServiceRole string        // the research role is ResearchRole(ServiceRole)
	Timeout     time.Duration // statement timeout of one query
	MaxCells    int           // more result rows than this is an error
}

// Run answers q, keeping only people every list in lists permits ("ndoo",
// "type1"), as a table for disclosure control, and says which version of
// each list it applied: both come from one snapshot. Nothing it returns has
// been checked for disclosure yet.
func (s *QueryStore) Run(ctx context.Context, q query.Query, lists []string) (disclosure.Table, map[string]int, error) {
	stmt, err := buildQuery(q, s.Catalogue, lists)
	if err != nil {
		return disclosure.Table{}, nil, enclave.Wrap(enclave.CodeInternal, "the query cannot be compiled", err)
	}
	t := newTable(q)
	versions := map[string]int{}
	opts := pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}
	err = s.DB.InTx(ctx, opts, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+pgx.Identifier{ResearchRole(s.ServiceRole)}.Sanitize()); err != nil {
			return err
		}
		// No JIT: compiling takes tens of milliseconds, more than most
		// answers, and the planner's costs before autovacuum has analysed
		// a fresh load ask for it on tables of any size.
		if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true), set_config('jit', 'off', true)`,
			strconv.FormatInt(s.Timeout.Milliseconds(), 10)); err != nil {
			return err
		}
		if err := appliedVersions(ctx, tx, lists, versions); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, stmt.text, stmt.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if len(t.Cells) == s.MaxCells {
				return enclave.E(enclave.CodeTooLarge, fmt.Sprintf("the result has more than %d cells: narrow the query or group by fewer columns", s.MaxCells))
			}
			c, err := scanCell(rows, q, stmt.dims)
			if err != nil {
				return err
			}
			t.Cells = append(t.Cells, c)
		}
		return rows.Err()
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "57014" {
		return disclosure.Table{}, nil, enclave.Wrap(enclave.CodeUnavailable, "the query ran longer than its time limit ("+s.Timeout.String()+"); narrow it and try again", err)
	}
	if err != nil {
		return disclosure.Table{}, nil, storeError("run query", err)
	}
	return t, versions, nil
}

// appliedVersions reads the current version of each list the query applies.
func appliedVersions(ctx context.Context, tx pgx.Tx, lists []string, into map[string]int) error {
	rows, err := tx.Query(ctx, `SELECT list, version FROM optout_current WHERE list = ANY($1)`, lists)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l string
		var v int
		if err := rows.Scan(&l, &v); err != nil {
			return err
		}
		into[l] = v
	}
	return rows.Err()
}

// newTable describes the result of q: its dimensions and measures.
func newTable(q query.Query) disclosure.Table {
	t := disclosure.Table{Dimensions: q.GroupBy, Cells: []disclosure.Cell{}}
	for _, m := range q.Measures {
		switch m.Kind {
		case query.CountEvents:
			t.Events = true
		case query.Sum:
			t.Measures = append(t.Measures, disclosure.Measure{Name: "sum(" + m.Column + ")", Kind: disclosure.KindSum})
		case query.Mean:
			t.Measures = append(t.Measures, disclosure.Measure{Name: "mean(" + m.Column + ")", Kind: disclosure.KindMean})
		case query.Percentile:
			t.Measures = append(t.Measures, disclosure.Measure{Name: fmt.Sprintf("p%g(%s)", m.P*100, m.Column), Kind: disclosure.KindPercentile})
		}
	}
	return t
}

// scanCell reads one result row: the group-by values, their GROUPING flags,
// the count of people, then each measure as buildQuery's aggregates wrote
// them. A NULL value that is not a total is the category "" (missing).
func scanCell(rows pgx.Rows, q query.Query, dims int) (disclosure.Cell, error) {
	vals, err := rows.Values()
	if err != nil {
		return disclosure.Cell{}, err
	}
	var c disclosure.Cell
	for i := range dims {
		k := disclosure.Key{}
		if flag, _ := vals[dims+i].(int32); flag == 1 {
			k.Total = true
		} else if v, ok := vals[i].(string); ok {
			k.Value = v
		}
		c.Keys = append(c.Keys, k)
	}
	at := 2 * dims
	c.People = asInt(vals[at])
	at++
	for _, m := range q.Measures {
		switch m.Kind {
		case query.CountEvents:
			c.Events = asInt(vals[at])
			at++
		case query.Sum, query.Mean, query.Percentile:
			v, _ := vals[at].(float64)
			c.Measures = append(c.Measures, disclosure.Aggregate{Value: v, People: asInt(vals[at+1])})
			at += 2
		}
	}
	return c, nil
}

func asInt(v any) int64 {
	n, _ := v.(int64)
	return n
}
