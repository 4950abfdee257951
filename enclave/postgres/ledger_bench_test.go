package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
)

// BenchmarkDifferencingCheck measures what the differencing check adds to
// an answer of 20 cells when the project has 10,000 or 100,000 earlier
// released cells, and what one stored cell takes. Earlier cells count 10 to
// 2,000 people drawn from a population of 1,000,000, as the cells of real
// breakdowns do. Each new answer holds 18 cells of the same kind, one cell
// asked before (a repeated query) and one that differs from an earlier cell
// by 5 people (withheld), so that the people of some earlier cells are read.
//
// "warm" is the steady state; "cold" is the first check after a restart
// (the process reads the counts and sketches of every earlier cell). Making
// the answer's sets (sorting their keys) is not timed: it is part of the
// query.
//
//	go test -run '^$' -bench DifferencingCheck -benchtime 20x ./enclave/postgres/
//
// ENCLAVE_BENCH_LEDGER_CELLS=N measures N earlier cells only.
func BenchmarkDifferencingCheck(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if n, err := strconv.Atoi(os.Getenv("ENCLAVE_BENCH_LEDGER_CELLS")); err == nil && n > 0 {
		sizes = []int{n}
	}
	for _, earlier := range sizes {
		b.Run(fmt.Sprintf("earlier=%d", earlier), func(b *testing.B) {
			ctx := context.Background()
			pdb := pgtest.New(b)
			db := pdb.Open(b)
			super := pdb.Super(b)
			const project = "prj_benchbenchbe"
			addProjects(b, super, project)
			rng := rand.New(rand.NewPCG(1, 2))
			var stored int64
			var kept [][]uint64 // some earlier cells' keys, to ask again
			i := 0
			if _, err := super.CopyFrom(ctx, pgx.Identifier{"released_cells"},
				[]string{"project_id", "released_at", "query_hash", "cell", "people", "member_keys", "sketch"},
				pgx.CopyFromFunc(func() ([]any, error) {
					if i == earlier {
						return nil, nil
					}
					i++
					keys := randomKeys(rng)
					if len(kept) < 100 {
						kept = append(kept, slices.Clone(keys))
					}
					s := differencing.NewSet(keys)
					enc, sketch := differencing.Encode(s), differencing.EncodeSketch(s.Sketch())
					stored += int64(len(enc) + len(sketch))
					return []any{project, time.Now(), "sha256:bench", fmt.Sprint(i), int32(s.Len()), enc, sketch}, nil
				})); err != nil {
				b.Fatal(err)
			}
			var table int64
			// Settle the fill's writes before anything is timed.
			for _, stmt := range []string{"VACUUM ANALYZE released_cells", "CHECKPOINT"} {
				if _, err := super.Exec(ctx, stmt); err != nil {
					b.Fatal(err)
				}
			}
			if err := super.QueryRow(ctx, "SELECT pg_total_relation_size('released_cells') / count(*) FROM released_cells").Scan(&table); err != nil {
				b.Fatal(err)
			}
			answer := func() []differencing.Cell {
				cells := make([]differencing.Cell, 20)
				for j := range 18 {
					cells[j] = differencing.Cell{Key: fmt.Sprint(j), Members: differencing.NewSet(randomKeys(rng))}
				}
				again := kept[rng.IntN(len(kept))]
				cells[18] = differencing.Cell{Key: "again", Members: differencing.NewSet(slices.Clone(again))}
				cells[19] = differencing.Cell{Key: "close", Members: differencing.NewSet(slices.Clone(kept[rng.IntN(len(kept))][5:]))}
				return cells
			}
			var took []time.Duration // of each check
			check := func(b *testing.B, ledger *postgres.LedgerStore) {
				b.StopTimer()
				cells := answer()
				b.StartTimer()
				start := time.Now()
				out, err := releaseCells(ctx, ledger, []string{project}, cells)
				if err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
				if !slices.Contains(out.Withheld, 19) {
					b.Fatalf("a cell 5 people from an earlier one was released: %+v", out)
				}
			}
			// report gives the mean and, as this machine is shared, the median.
			report := func(b *testing.B) {
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/answer")
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms/answer")
			}
			b.Run("warm", func(b *testing.B) {
				ledger := &postgres.LedgerStore{DB: db}
				check(b, ledger)
				took = nil
				for b.Loop() {
					check(b, ledger)
				}
				report(b)
				b.ReportMetric(float64(stored)/float64(earlier), "stored-bytes/cell")
				b.ReportMetric(float64(table), "table-bytes/cell")
			})
			b.Run("cold", func(b *testing.B) {
				took = nil
				for b.Loop() {
					check(b, &postgres.LedgerStore{DB: db})
				}
				report(b)
			})
		})
	}
}

// randomKeys is 10 to 2,000 people out of 1,000,000, as 64-bit keys.
func randomKeys(rng *rand.Rand) []uint64 {
	n := 10 + rng.IntN(1991)
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = rng.Uint64N(1_000_000) * 0x9e3779b97f4a7c15
	}
	return keys
}
