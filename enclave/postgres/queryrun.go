package postgres

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
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
	ServiceRole string        // the research role is ResearchRole(ServiceRole)
	Timeout     time.Duration // time limit of one query, its statements together
	MaxCells    int           // more result rows than this is an error
	// Members asks for each cell's people, and the keys of the contributions
	// to its measures, for the differencing ledger.
	Members bool
	// Standby, when set, runs the queries' reads once it has caught up
	// with DB (standby.go).
	Standby *Standby
	// Cache, when set, answers from memory the queries whose datasets it
	// holds at the revision of the query's snapshot (querycache.go).
	Cache *QueryCache
}

// Run answers q, compiled against cat, keeping only people every list in lists permits ("ndoo",
// "type1"): the table for disclosure control, with what rules need of its
// people (in its one statement, buildPersonQuery; for a percentile, from a
// second, peopleSQL), the people of each cell for the differencing ledger,
// the version of each list applied and the pseudonym keys of the data and
// the lists, and the data revision of each dataset, all from one snapshot,
// once admit has accepted those keys
// (answer.Runner). Nothing it returns has been checked for disclosure yet.
func (s *QueryStore) Run(ctx context.Context, cat *catalogue.Catalogue, q query.Query, lists []string, rules disclosure.Rules, admit func([]answer.KeyID) error) (answer.Raw, error) {
	// The people of each cell are for the ledger and, where a dimension's
	// categories are data-driven, to count the distinct people of the other
	// rows disclosure control gathers hidden cells into.
	need := needsPeople(q, rules, s.Members, s.Members || slices.ContainsFunc(query.Domains(q, cat), func(d []string) bool { return d == nil }))
	stmt, err := buildQuery(q, cat, lists, need)
	if err != nil {
		return answer.Raw{}, enclave.Wrap(enclave.CodeInternal, "the query cannot be compiled", err)
	}
	var people *peopleSQL
	if hasPercentile(q) && need.any() {
		ps, err := buildPeopleQuery(q, cat, lists, need)
		if err != nil {
			return answer.Raw{}, enclave.Wrap(enclave.CodeInternal, "the query cannot be compiled", err)
		}
		people = &ps
	}
	t := newTable(q)
	versions := map[string]int{}
	var raw answer.Raw
	var refused error // admit's, returned as it is
	opts := pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}
	start := time.Now()
	err = s.inSnapshot(ctx, opts, func(tx pgx.Tx) error {
		t, versions = newTable(q), map[string]int{} // afresh on each database tried
		found, err := keys(ctx, tx, q, lists)
		if err != nil {
			return err
		}
		if refused = admit(found); refused != nil {
			return refused
		}
		raw.Keys = found
		if raw.DataRevisions, err = dataRevisions(ctx, tx, cat, slices.Sorted(maps.Keys(q.Columns()))); err != nil {
			return err
		}
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
		if s.Cache != nil {
			// From memory, under the same time limit as the statements.
			mctx, cancel := context.WithTimeout(ctx, max(time.Millisecond, s.Timeout-time.Since(start)))
			cells, ok, err := s.Cache.answer(mctx, tx, cat, q, lists, need, raw.DataRevisions, s.MaxCells)
			cancel()
			if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
				return errOverTime
			}
			if err != nil || ok {
				t.Cells = cells
				return err
			}
		}
		if err := s.cells(ctx, tx, q, stmt, &t); err != nil || people == nil {
			return err
		}
		// The time limit is the query's, not each statement's: the people
		// statement gets what the first left.
		if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true)`,
			strconv.FormatInt(max(1, (s.Timeout-time.Since(start)).Milliseconds()), 10)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, people.text, people.args...)
		if err != nil {
			return err
		}
		facts, err := readPeople(rows, *people)
		if err != nil {
			return err
		}
		return addPeople(&t, facts)
	})
	if refused != nil {
		return answer.Raw{}, refused
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && strings.HasPrefix(pgErr.Code, "22") {
		// Data exceptions: a value PostgreSQL cannot hold (a date in year 0).
		// The message names no value.
		return answer.Raw{}, enclave.E(enclave.CodeInvalid, "a filter value is outside what the column can hold")
	}
	if errors.As(err, &pgErr) && pgErr.Code == "57014" && ctx.Err() == nil || errors.Is(err, errOverTime) {
		return answer.Raw{}, enclave.Wrap(enclave.CodeUnavailable, "the query ran longer than its time limit ("+s.Timeout.String()+"); narrow it and try again", err)
	}
	if err != nil {
		return answer.Raw{}, storeError("run query", err)
	}
	raw.Table, raw.OptOutVersions = t, versions
	return raw, nil
}

// errOverTime is an answer from memory that took longer than the query's
// time limit, which the statements' would have ended with 57014.
var errOverTime = errors.New("the answer from memory ran past the query's time limit")

// keys reads the pseudonym keys, each once, of the live loads of every
// dataset q uses and of the current versions of the lists it applies: a
// retracted load has no rows left to key. It reads
// the load records before the switch to the research role, in the query's
// own snapshot: the keys are those of the data the query answers from.
func keys(ctx context.Context, tx pgx.Tx, q query.Query, lists []string) ([]answer.KeyID, error) {
	datasets := slices.Collect(maps.Keys(q.Columns()))
	rows, err := tx.Query(ctx, `SELECT key_version, key_dev FROM dataset_loads WHERE dataset = ANY($1) AND retracted_at IS NULL
		UNION SELECT key_version, key_dev FROM optout_versions WHERE superseded_at IS NULL AND list = ANY($2)
		ORDER BY 1, 2`, datasets, lists)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[answer.KeyID])
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
			t.Measures = append(t.Measures, disclosure.Measure{Name: "sum(" + m.Column + ")", Kind: disclosure.KindSum, Column: m.Column})
		case query.Mean:
			t.Measures = append(t.Measures, disclosure.Measure{Name: "mean(" + m.Column + ")", Kind: disclosure.KindMean, Column: m.Column})
		case query.Percentile:
			t.Measures = append(t.Measures, disclosure.Measure{Name: fmt.Sprintf("p%g(%s)", m.P*100, m.Column), Kind: disclosure.KindPercentile, P: m.P, Column: m.Column})
		}
	}
	return t
}
