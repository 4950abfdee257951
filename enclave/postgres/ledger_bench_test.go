package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
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
// breakdowns do; the new answer's cells are of the same sizes.
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
			if _, err := super.Exec(ctx, `INSERT INTO principals VALUES ('bench', 'governance', now(), NULL);
				INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date, scope, threshold, rounding,
					sensitive, state, optout_ndoo, optout_type1, created_at, created_by, updated_at)
				VALUES ('prj_benchbenchbe', 't', 'p', 'bench', 'consent', '2025-01-01', '2026-01-01', '{}', 10, 5, false, 'approved', false, false, now(), 'bench', now())`); err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			var stored int64
			rows := make([][]any, 0, earlier)
			for i := range earlier {
				b, err := differencing.Encode(randomSet(rng))
				if err != nil {
					panic(err)
				}
				stored += int64(len(b))
				s, _ := differencing.Decode(b)
				rows = append(rows, []any{project, time.Now(), "sha256:bench", fmt.Sprint(i), int32(s.GetCardinality()), b})
			}
			if _, err := super.CopyFrom(ctx, pgx.Identifier{"released_cells"},
				[]string{"project_id", "released_at", "query_hash", "cell", "people", "members"}, pgx.CopyFromRows(rows)); err != nil {
				b.Fatal(err)
			}
			if _, err := super.Exec(ctx, "ANALYZE released_cells"); err != nil {
				b.Fatal(err)
			}
			ledger := &postgres.LedgerStore{DB: db}
			for b.Loop() {
				cells := make([]differencing.Cell, 20)
				for j := range cells {
					cells[j] = differencing.Cell{Key: fmt.Sprint(j), Members: randomSet(rng)}
				}
				if _, err := ledger.Release(ctx, project, "sha256:new", time.Now(), cells, 10); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/answer")
			b.ReportMetric(float64(stored)/float64(earlier), "bytes/cell")
		})
	}
}

// randomSet is 10 to 2,000 people out of 1,000,000, as 64-bit keys.
func randomSet(rng *rand.Rand) *differencing.Set {
	n := 10 + rng.IntN(1991)
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = rng.Uint64N(1_000_000) * 0x9e3779b97f4a7c15
	}
	return differencing.NewSet(keys)
}
