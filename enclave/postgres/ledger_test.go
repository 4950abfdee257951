package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"

	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/migrations"
)

// addProjects adds approved projects with these ids, for ledger tests.
func addProjects(tb testing.TB, super *pgx.Conn, ids ...string) {
	tb.Helper()
	ctx := context.Background()
	if _, err := super.Exec(ctx, `INSERT INTO principals VALUES ('lead', 'governance', now(), NULL)`); err != nil {
		tb.Fatal(err)
	}
	for _, id := range ids {
		if _, err := super.Exec(ctx, `INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date, scope, threshold, rounding,
				sensitive, state, optout_ndoo, optout_type1, created_at, created_by, updated_at)
			VALUES ($1, 't', 'p', 'lead', 'consent', '2025-01-01', '2026-01-01', '{}', 10, 5, false, 'approved', false, false, now(), 'lead', now())`, id); err != nil {
			tb.Fatal(err)
		}
	}
}

// group is the people from..from+n-1, keyed as pseudonyms are.
func group(from, n int) differencing.Cell {
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = uint64(from+i) * 0x9e3779b97f4a7c15
	}
	return differencing.Cell{Key: fmt.Sprintf("[%d+%d]", from, n), Members: differencing.NewSet(keys)}
}

func release(t *testing.T, l *postgres.LedgerStore, project string, cells ...differencing.Cell) differencing.Outcome {
	t.Helper()
	out, err := releaseCells(context.Background(), l, []string{project}, cells)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func recorded(t *testing.T, super *pgx.Conn, project string) int {
	t.Helper()
	var n int
	if err := super.QueryRow(context.Background(), `SELECT count(*) FROM released_cells WHERE project_id = $1`, project).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLedgerOutcomes: withheld and near misses, against earlier answers and
// within one, and a set asked for again recorded once.
func TestLedgerOutcomes(t *testing.T) {
	t.Parallel()
	pdb := pgtest.New(t)
	super := pdb.Super(t)
	addProjects(t, super, "prj_aaaaaaaaaaaa", "prj_bbbbbbbbbbbb")
	l := &postgres.LedgerStore{DB: pdb.Open(t)}
	for _, c := range []struct {
		name           string
		cells          []differencing.Cell
		withheld, near []int
	}{
		{"a first answer", []differencing.Cell{group(0, 100), group(1000, 40)}, nil, nil},
		{"one person fewer, then 12 more", []differencing.Cell{group(1, 99), group(1000, 52)}, []int{0}, []int{1}},
		{"in one answer: 30, then 3 more", []differencing.Cell{group(5000, 30), group(5000, 33)}, []int{1}, nil},
		{"the first answer again", []differencing.Cell{group(0, 100), group(1000, 40)}, nil, nil},
		{"withheld cells are not recorded", []differencing.Cell{group(2, 98)}, []int{0}, nil},
	} {
		out := release(t, l, "prj_aaaaaaaaaaaa", c.cells...)
		if !slices.Equal(out.Withheld, c.withheld) || !slices.Equal(out.Near, c.near) {
			t.Errorf("%s: %+v, want withheld %v near %v", c.name, out, c.withheld, c.near)
		}
	}
	if got := recorded(t, super, "prj_aaaaaaaaaaaa"); got != 4 {
		t.Errorf("the first project's ledger holds %d cells, want 4 (100, 40, 52 and 30 people)", got)
	}
	if out := release(t, l, "prj_bbbbbbbbbbbb", group(1, 99)); len(out.Withheld) != 0 {
		t.Errorf("another project's ledger withheld a cell: %+v", out)
	}
}

// TestLedgerRepeatedQuery: asking the same question a hundred times, or a
// cell twice in one answer, records its people once.
func TestLedgerRepeatedQuery(t *testing.T) {
	t.Parallel()
	pdb := pgtest.New(t)
	super := pdb.Super(t)
	addProjects(t, super, "prj_aaaaaaaaaaaa")
	l := &postgres.LedgerStore{DB: pdb.Open(t)}
	for range 100 {
		if out := release(t, l, "prj_aaaaaaaaaaaa", group(0, 50), group(50, 50), group(0, 100), group(0, 100)); len(out.Withheld)+len(out.Near) != 0 {
			t.Fatalf("a repeated answer: %+v", out)
		}
	}
	if got := recorded(t, super, "prj_aaaaaaaaaaaa"); got != 3 {
		t.Errorf("the ledger holds %d cells after 100 repeats, want 3", got)
	}
}

// TestLedgerTwoProcesses: stores on one database, as server processes,
// each see what the others recorded, whether their caches are warm or cold.
func TestLedgerTwoProcesses(t *testing.T) {
	t.Parallel()
	pdb := pgtest.New(t)
	addProjects(t, pdb.Super(t), "prj_aaaaaaaaaaaa")
	one, two := &postgres.LedgerStore{DB: pdb.Open(t)}, &postgres.LedgerStore{DB: pdb.Open(t)}
	// Each process checks an answer first, so that both caches are warm.
	release(t, one, "prj_aaaaaaaaaaaa", group(10_000, 50))
	release(t, two, "prj_aaaaaaaaaaaa", group(20_000, 50))
	release(t, one, "prj_aaaaaaaaaaaa", group(0, 100))
	if out := release(t, two, "prj_aaaaaaaaaaaa", group(1, 99)); !slices.Equal(out.Withheld, []int{0}) {
		t.Errorf("the second process released a cell one person from the first's: %+v", out)
	}
	release(t, two, "prj_aaaaaaaaaaaa", group(500, 60))
	if out := release(t, one, "prj_aaaaaaaaaaaa", group(500, 61), group(0, 112)); !slices.Equal(out.Withheld, []int{0}) || !slices.Equal(out.Near, []int{1}) {
		t.Errorf("the first process, after the second released more: %+v, want withheld [0] near [1]", out)
	}
	cold := &postgres.LedgerStore{DB: pdb.Open(t)}
	if out := release(t, cold, "prj_aaaaaaaaaaaa", group(2, 98), group(10_000, 51)); !slices.Equal(out.Withheld, []int{0, 1}) {
		t.Errorf("a third process, just started: %+v, want both withheld", out)
	}
}

// TestLedgerConcurrent: answers checked at once, by two processes whose
// caches keep being dropped, are checked one at a time per project: of two
// answers one person apart, one is withheld.
func TestLedgerConcurrent(t *testing.T) {
	t.Parallel()
	pdb := pgtest.New(t)
	projects := []string{"prj_aaaaaaaaaaaa", "prj_bbbbbbbbbbbb"}
	addProjects(t, pdb.Super(t), projects...)
	stores := []*postgres.LedgerStore{{DB: pdb.Open(t), CacheCells: 1}, {DB: pdb.Open(t), CacheCells: 1}}
	withheld := make([][]int, 16)
	var wg sync.WaitGroup
	for i := range withheld {
		wg.Go(func() {
			// Pairs 2k and 2k+1 ask of one project about groups one person apart.
			out, err := releaseCells(context.Background(), stores[i%2], []string{projects[i/2%2]}, []differencing.Cell{group(1000*(i/2), 50+i%2)})
			if err != nil {
				t.Error(err)
			}
			withheld[i] = out.Withheld
		})
	}
	wg.Wait()
	for i := 0; i < len(withheld); i += 2 {
		if len(withheld[i])+len(withheld[i+1]) != 1 {
			t.Errorf("answers %d and %d, one person apart and given at once: withheld %v and %v, want one of them", i, i+1, withheld[i], withheld[i+1])
		}
	}
}

// TestLedgerCacheBound: a store that may hold only a few cells drops the
// projects checked least recently and reads them again, still exact.
func TestLedgerCacheBound(t *testing.T) {
	t.Parallel()
	pdb := pgtest.New(t)
	projects := []string{"prj_aaaaaaaaaaaa", "prj_bbbbbbbbbbbb", "prj_cccccccccccc"}
	addProjects(t, pdb.Super(t), projects...)
	l := &postgres.LedgerStore{DB: pdb.Open(t), CacheCells: 5}
	for round := range 3 {
		for i, p := range projects {
			from := 1000 * (i + 10*round)
			release(t, l, p, group(from, 20), group(from+100, 20), group(from+200, 20))
		}
	}
	for i, p := range projects {
		if out := release(t, l, p, group(1000*i+1, 19)); !slices.Equal(out.Withheld, []int{0}) {
			t.Errorf("%s, after its cache was dropped: %+v", p, out)
		}
	}
}

// TestLedgerBefore010: cells recorded as migration 007 stored them (a
// roaring bitmap, no sketch) still count after migration 010.
func TestLedgerBefore010(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pdb := pgtest.Empty(t)
	conn, err := pgx.Connect(ctx, pdb.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	m, err := migrate.NewMigrator(ctx, conn, postgres.VersionTable)
	if err != nil {
		t.Fatal(err)
	}
	m.Data = map[string]any{"service_role": pgx.Identifier{pgtest.ServiceRole}.Sanitize(),
		"research_role": pgx.Identifier{postgres.ResearchRole(pgtest.ServiceRole)}.Sanitize()}
	if err := m.LoadMigrations(migrations.FS); err != nil {
		t.Fatal(err)
	}
	if err := m.MigrateTo(ctx, 9); err != nil {
		t.Fatal(err)
	}
	super := pdb.Super(t)
	addProjects(t, super, "prj_aaaaaaaaaaaa")
	// group(0, 3) as migration 007's Encode wrote it.
	legacy := []byte{0x3, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x3a, 0x30, 0x0, 0x0, 0x1, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x10,
		0x0, 0x0, 0x0, 0x0, 0x0, 0x72, 0xf3, 0x6e, 0x3c, 0x3a, 0x30, 0x0, 0x0, 0x1, 0x0, 0x0, 0x0, 0x94, 0xfe, 0x0, 0x0, 0x10, 0x0, 0x0, 0x0, 0x2a, 0xf8,
		0xb9, 0x79, 0x37, 0x9e, 0x3a, 0x30, 0x0, 0x0, 0x1, 0x0, 0x0, 0x0, 0x4a, 0x7f, 0x0, 0x0, 0x10, 0x0, 0x0, 0x0, 0x15, 0x7c}
	if _, err := super.Exec(ctx, `INSERT INTO released_cells VALUES ('prj_aaaaaaaaaaaa', now(), 'sha256:old', '[]', 3, $1)`, legacy); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Migrate(ctx, pdb.OwnerURL, pgtest.ServiceRole); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, pdb.ServiceURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l := &postgres.LedgerStore{DB: db}
	if out := release(t, l, "prj_aaaaaaaaaaaa", group(0, 3), group(0, 4)); !slices.Equal(out.Withheld, []int{1}) {
		t.Errorf("against a cell recorded before 010: %+v, want the second cell withheld", out)
	}
	if got := recorded(t, super, "prj_aaaaaaaaaaaa"); got != 1 {
		t.Errorf("the ledger holds %d cells, want 1: the same people as the old cell are not recorded again", got)
	}
}

// TestLedgerAcrossProjects: a researcher's answer on one project is checked
// against the ledgers of their others, and recorded in its own project's
// even when another holds the same people, so that the project's other
// members are checked against it too. Answers over overlapping sets of
// projects, given at once, are checked one at a time.
func TestLedgerAcrossProjects(t *testing.T) {
	t.Parallel()
	pdb := pgtest.New(t)
	super := pdb.Super(t)
	a, b := "prj_aaaaaaaaaaaa", "prj_bbbbbbbbbbbb"
	addProjects(t, super, a, b)
	l := &postgres.LedgerStore{DB: pdb.Open(t)}
	ctx := context.Background()
	within := func(projects []string, cells ...differencing.Cell) differencing.Outcome {
		t.Helper()
		out, err := releaseCells(ctx, l, projects, cells)
		if err != nil {
			t.Error(err)
		}
		return out
	}
	within([]string{b}, group(0, 100))
	if out := within([]string{a, b}, group(1, 100)); !slices.Equal(out.Withheld, []int{0}) {
		t.Errorf("one person from a cell of the researcher's other project: %+v, want withheld", out)
	}
	within([]string{a, b}, group(0, 100))
	if n := recorded(t, super, a); n != 1 {
		t.Errorf("the same people, released on a after b: %d cells recorded in a, want 1", n)
	}
	if out := within([]string{a}, group(2, 100)); !slices.Equal(out.Withheld, []int{0}) {
		t.Errorf("a member of a alone, two people from a's cell: %+v, want withheld", out)
	}

	// At once, over {a, b} and {b, a}: one of two cells one person apart.
	var wg sync.WaitGroup
	outs := make([]differencing.Outcome, 2)
	for i, projects := range [][]string{{a, b}, {b, a}} {
		wg.Go(func() { outs[i] = within(projects, group(5000+i, 60)) })
	}
	wg.Wait()
	if len(outs[0].Withheld)+len(outs[1].Withheld) != 1 {
		t.Errorf("two answers one person apart over overlapping projects at once: withheld %v and %v, want one", outs[0].Withheld, outs[1].Withheld)
	}
}
