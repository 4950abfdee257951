package postgres_test

import (
	"context"
	"slices"
	"testing"

	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// TestLedgerStates (issue 13, finding 1): a cell recorded with a held
// result is in that result's state, read at every check: held, then
// released or rejected as officers decide; one whose result was never
// stored counts as held. A cell with the people of cells never given out
// is a repeat naming their results, and is recorded again with its own
// answer; once any is given out, the same people are nothing new.
func TestLedgerStates(t *testing.T) {
	t.Parallel()
	pdb := pgtest.New(t)
	super := pdb.Super(t)
	const project = "prj_aaaaaaaaaaaa"
	addProjects(t, super, project)
	ctx := context.Background()
	if _, err := super.Exec(ctx, `INSERT INTO principals VALUES ('r1', 'researcher', now(), NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"res_heldheldheld", "res_rejectedrjct", "res_releasedrlsd"} {
		if _, err := super.Exec(ctx, `INSERT INTO held_results (id, project_id, requester, query_hash, query, held_for, manifest, result, summary,
				project_submission, catalogue_revision, optout_lists, state, created_at, updated_at)
			VALUES ($1, $2, 'r1', 'sha256:q', '{}', '[]', '{}', '{}', '{}', 0, 'c', '{}', 'held', now(), now())`, id, project); err != nil {
			t.Fatal(err)
		}
	}
	l := &postgres.LedgerStore{DB: pdb.Open(t)}
	hold := func(id string, cells ...differencing.Cell) differencing.Outcome {
		t.Helper()
		out, err := holdCells(ctx, l, []string{project}, id, cells)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	hold("res_heldheldheld", group(0, 30))
	hold("res_rejectedrjct", group(100, 30))
	hold("res_releasedrlsd", group(200, 30))
	hold("res_neverstored1", group(300, 30))
	if _, err := super.Exec(ctx, `UPDATE held_results SET state = CASE id WHEN 'res_rejectedrjct' THEN 'rejected' ELSE 'released' END
		WHERE id IN ('res_rejectedrjct', 'res_releasedrlsd')`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		cell differencing.Cell
		of   []string
	}{
		{"held", group(0, 30), []string{"res_heldheldheld"}},
		{"rejected", group(100, 30), []string{"res_rejectedrjct"}},
		{"released by officers", group(200, 30), nil},
		{"held, its result never stored", group(300, 30), []string{"res_neverstored1"}},
	} {
		out := hold("res_againagain01", c.cell)
		if !slices.Equal(out.RepeatOf, c.of) || len(out.Withheld) != 0 {
			t.Errorf("%s: repeats %v, withheld %v; want repeats of %v", c.name, out.RepeatOf, out.Withheld, c.of)
		}
	}
	// The repeats were recorded again with their new answer, the released
	// cell not.
	if got := recorded(t, super, project); got != 4+3 {
		t.Errorf("%d cells recorded, want the 4 held and 3 repeats", got)
	}
	// Released with an answer of their own, the rejected cell's people are
	// given out: asking for them again is nothing new.
	if out := release(t, l, project, group(100, 30)); len(out.Repeats) != 1 {
		t.Fatalf("the rejected cell released at once: %+v, want a repeat", out)
	}
	if out := release(t, l, project, group(100, 30)); len(out.Repeats)+len(out.Withheld)+len(out.Near) != 0 {
		t.Errorf("given out since: %+v, want nothing new", out)
	}
	// A cell one person from a held one is withheld, like one from a
	// released cell: the officers may release the held one yet.
	if out := release(t, l, project, group(1, 30)); !slices.Equal(out.Withheld, []int{0}) {
		t.Errorf("one person from a held cell: %+v, want withheld", out)
	}
}
