package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres"
)

// BenchmarkQueryStandby measures the small query and the join of
// BenchmarkQuery from 16 and 64 clients at once with the research
// statements on the primary and on a hot standby of
// it (ENCLAVE_QUERY_DATABASE_URL), each with a pool of 8 connections: the
// throughput and the median and 95th percentile of one answer's time. The
// standby refuses rather than fall back, so every answer counted under it
// is the standby's; refusals (it had not caught up within the default
// 500 ms) and queries over the time limit are counted apart. Writes
// commit synchronously, as in production: the standby waits for the WAL
// the primary has flushed. Without the differencing ledger, and with
// BenchmarkQuery's time limit, like its 16 clients.
//
//	ENCLAVE_BENCH_QUERY_EVENTS=1000000 go test -run '^$' -bench 'QueryStandby/small' -benchtime 1280x -timeout 60m ./enclave/httpapi/
//	ENCLAVE_BENCH_QUERY_EVENTS=1000000 go test -run '^$' -bench 'QueryStandby/alcohol' -benchtime 128x -timeout 60m ./enclave/httpapi/
func BenchmarkQueryStandby(b *testing.B) {
	q := newQueryAPI(b)
	q.fillForBench(b, benchEvents())
	q.differencing(false, nil)
	store := q.answers.Runner.(*postgres.QueryStore)
	store.Timeout = 9 * time.Second // as BenchmarkQuery's
	ctx := context.Background()
	if _, err := q.db.Super(b).Exec(ctx, "ALTER DATABASE "+q.db.Name+" SET synchronous_commit = on"); err != nil {
		b.Fatal(err)
	}
	store.DB.Pool.Reset() // new connections take the setting
	standby := q.db.NewStandby(b)
	sdb, err := postgres.OpenStandby(ctx, standby.ServiceURL, 8, store.DB)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(sdb.Close)
	on := &postgres.Standby{DB: sdb, Wait: 500 * time.Millisecond, Refuse: true}
	b.Run("catch-up/idle", func(b *testing.B) { catchUp(b, store.DB, sdb) })
	for _, bq := range benchQueries[:2] {
		for _, clients := range []int{16, 64} {
			for _, where := range []string{"primary", "standby"} {
				b.Run(fmt.Sprintf("%s/%d-clients/%s", bq.name, clients, where), func(b *testing.B) {
					store.Standby = nil
					if where == "standby" {
						store.Standby = on
					}
					q.concurrently(b, clients, bq.body)
				})
			}
		}
	}
	store.Standby = nil
}

// catchUp measures what a query on the standby adds before its statement
// when nothing else runs: reading the primary's WAL position, then polling
// the standby until it has replayed it.
func catchUp(b *testing.B, primary, standby *postgres.DB) {
	ctx := context.Background()
	for b.Loop() {
		lsn, err := postgres.WALPosition(ctx, primary.Pool)
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, replayed, err := postgres.Replayed(ctx, standby.Pool, lsn)
			if err != nil {
				b.Fatal(err)
			}
			if replayed {
				break
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/catch-up")
}

// concurrently asks body from clients at once, b.N times in all, and
// reports the answers a second and the median and 95th percentile of
// their times. 503s are counted apart: refused by the standby (it had not
// caught up), or over the time limit.
func (q *queryAPI) concurrently(b *testing.B, clients int, body string) {
	per := max(b.N/clients, 1)
	times := make([][]time.Duration, clients)
	var refused, overtime atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for range per {
				t0 := time.Now()
				status, _, resp := q.ask(b, "researcher-1", q.s251, body)
				switch status {
				case http.StatusOK:
					times[c] = append(times[c], time.Since(t0))
				case http.StatusServiceUnavailable:
					if strings.Contains(resp, "query replica") {
						refused.Add(1)
					} else {
						overtime.Add(1)
					}
				default:
					b.Errorf("%d %s", status, resp)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(times...)
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "queries/s")
	b.ReportMetric(float64(refused.Load()), "refused")
	b.ReportMetric(float64(overtime.Load()), "overtime")
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(all[len(all)/2]), "ms-p50")
	b.ReportMetric(ms(all[len(all)*95/100]), "ms-p95")
}
