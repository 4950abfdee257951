package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres"
)

// BenchmarkQueryStandby measures the small query and the join of
// BenchmarkQuery from 16 and 64 clients at once, with the research
// statements on the primary and on a hot standby of it
// (ENCLAVE_QUERY_DATABASE_URL), each with a pool of 8 connections: the
// answers a second and the median and 95th percentile of one answer's
// time. Primary and standby take turns, four rounds each, so that the load
// of a shared machine falls on both alike. The standby refuses rather than
// fall back, so every answer counted under it is the standby's; refusals
// (it had not caught up within the default 500 ms) and queries over the
// time limit are counted apart. Writes commit synchronously, as in
// production: the standby waits for the WAL the primary has flushed.
// Without the differencing ledger, and with BenchmarkQuery's time limit,
// like its 16 clients. b.N is the queries asked of each.
//
//	ENCLAVE_BENCH_QUERY_EVENTS=1000000 go test -run '^$' -bench 'QueryStandby/(catch|small)' -benchtime 1280x -timeout 60m ./enclave/httpapi/
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
			b.Run(fmt.Sprintf("%s/%d-clients", bq.name, clients), func(b *testing.B) {
				var primary, onStandby rounds
				const turns = 4
				per := max(b.N/(turns*clients), 1)
				for range turns {
					store.Standby = nil
					primary.add(q.concurrently(b, clients, per, bq.body))
					store.Standby = on
					onStandby.add(q.concurrently(b, clients, per, bq.body))
				}
				store.Standby = nil
				primary.report(b, "primary")
				onStandby.report(b, "standby")
			})
		}
	}
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

// rounds are the answers' times, how long they took together, and the
// 503s: refused by the standby (it had not caught up) or over the time
// limit.
type rounds struct {
	times              []time.Duration
	elapsed            time.Duration
	refused, overtimes int
}

func (r *rounds) add(o rounds) {
	r.times = append(r.times, o.times...)
	r.elapsed += o.elapsed
	r.refused += o.refused
	r.overtimes += o.overtimes
}

// report reports r's answers a second and the median and 95th percentile
// of their times, named after where they ran.
func (r *rounds) report(b *testing.B, where string) {
	b.ReportMetric(float64(len(r.times))/r.elapsed.Seconds(), where+"-q/s")
	b.ReportMetric(float64(r.refused), where+"-refused")
	b.ReportMetric(float64(r.overtimes), where+"-overtime")
	if len(r.times) == 0 {
		return
	}
	slices.Sort(r.times)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(r.times[len(r.times)/2]), where+"-ms-p50")
	b.ReportMetric(ms(r.times[len(r.times)*95/100]), where+"-ms-p95")
}

// concurrently asks body per times from each of clients at once.
func (q *queryAPI) concurrently(b *testing.B, clients, per int, body string) rounds {
	var mu sync.Mutex
	var r rounds
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range per {
				t0 := time.Now()
				status, _, resp := q.ask(b, "researcher-1", q.s251, body)
				took := time.Since(t0)
				mu.Lock()
				switch {
				case status == http.StatusOK:
					r.times = append(r.times, took)
				case status == http.StatusServiceUnavailable && strings.Contains(resp, "query replica"):
					r.refused++
				case status == http.StatusServiceUnavailable:
					r.overtimes++
				default:
					b.Errorf("%d %s", status, resp)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	return r
}
