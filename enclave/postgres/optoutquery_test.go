package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// permittedPattern is the join pattern of docs/optout.md for the lists
// named: a pid, and per list a current version, no deny-list entry, and an
// allow-list entry when the current version is an allow list.
func permittedPattern(lists []string) (string, []any) {
	where := []string{"t.pid IS NOT NULL"}
	var args []any
	for _, l := range lists {
		args = append(args, l)
		p := fmt.Sprintf("$%d", len(args))
		where = append(where, `EXISTS (SELECT FROM optout_current c WHERE c.list = `+p+`)
			AND NOT EXISTS (SELECT FROM optout_current c JOIN optout_entries e ON e.version_id = c.id
				WHERE c.list = `+p+` AND c.form = 'deny' AND e.pid = t.pid)
			AND (NOT EXISTS (SELECT FROM optout_current c WHERE c.list = `+p+` AND c.form = 'allow')
				OR EXISTS (SELECT FROM optout_current c JOIN optout_entries e ON e.version_id = c.id
					WHERE c.list = `+p+` AND c.form = 'allow' AND e.pid = t.pid))`)
	}
	return `SELECT t.n FROM people t WHERE ` + strings.Join(where, " AND ") + ` ORDER BY t.n`, args
}

// TestOptOutPermits checks optout_permits, and the join pattern documented
// for the query generator against it, over a table of ten people.
func TestOptOutPermits(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	ctx := context.Background()
	people := synthetic(0, 10)
	filler := synthetic(100, 20) // people in the lists but not in the table
	super := e.db.Super(t)
	if _, err := super.Exec(ctx, `CREATE TABLE people (n int PRIMARY KEY, pid bytea);
		GRANT SELECT ON people TO `+pgtest.ServiceRole); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{10, nil}}
	for i, p := range people {
		rows = append(rows, []any{i, e.pid(t, p)})
	}
	if _, err := super.CopyFrom(ctx, pgx.Identifier{"people"}, []string{"n", "pid"}, pgx.CopyFromRows(rows)); err != nil {
		t.Fatal(err)
	}
	check := func(when string, lists []string, want ...int) {
		t.Helper()
		for _, how := range []string{"function", "pattern"} {
			sql, args := `SELECT n FROM people WHERE optout_permits(pid, $1) ORDER BY n`, []any{lists}
			if how == "pattern" {
				sql, args = permittedPattern(lists)
			}
			r, err := e.pool.Pool.Query(ctx, sql, args...)
			if err != nil {
				t.Fatalf("%s: %s: %v", when, how, err)
			}
			got, err := pgx.CollectRows(r, pgx.RowTo[int])
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("%s, lists %v, by the %s: permitted %v, want %v", when, lists, how, got, want)
			}
		}
	}
	all := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	load := func(list optout.List, form optout.Form, asOf string, numbers ...string) {
		t.Helper()
		if _, err := e.load(t, list, form, asOf, datFile(slices.Concat(numbers, filler)...)); err != nil {
			t.Fatal(err)
		}
	}

	check("no list loaded", []string{}, all...)
	check("no list loaded", []string{"ndoo"})
	load(optout.ListNDOO, optout.FormDeny, "2026-03-01", people[0], people[1])
	check("ndoo denies 0 and 1", []string{"ndoo"}, 2, 3, 4, 5, 6, 7, 8, 9)
	check("type1 still missing", []string{"ndoo", "type1"})
	check("an unknown list", []string{"ndoo", "gp"})
	check("no list needed", []string{}, all...)
	load(optout.ListType1, optout.FormAllow, "2026-03-01", people[0], people[2], people[3], people[4], people[5], people[6], people[7], people[8])
	check("type1 allows all but 1 and 9", []string{"type1"}, 0, 2, 3, 4, 5, 6, 7, 8)
	check("both lists", []string{"ndoo", "type1"}, 2, 3, 4, 5, 6, 7, 8)
	check("a list named twice", []string{"type1", "ndoo", "type1"}, 2, 3, 4, 5, 6, 7, 8)
	load(optout.ListNDOO, optout.FormDeny, "2026-03-05", people[2])
	check("a new ndoo version applies at once", []string{"ndoo"}, 0, 1, 3, 4, 5, 6, 7, 8, 9)
	load(optout.ListNDOO, optout.FormAllow, "2026-03-06", people[9])
	check("ndoo as an allow list", []string{"ndoo"}, 9)
	check("ndoo allow and type1 allow", []string{"ndoo", "type1"})
}
