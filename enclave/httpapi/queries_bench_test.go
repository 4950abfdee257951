package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// benchEvents is how many A&E rows the query benchmark holds:
// ENCLAVE_BENCH_QUERY_EVENTS, else 10,000,000, with a tenth as many patients.
func benchEvents() int {
	if n, err := strconv.Atoi(os.Getenv("ENCLAVE_BENCH_QUERY_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 10_000_000
}

// fillForBench writes synthetic rows straight into the dataset tables (as
// the owner, with generate_series: the benchmark measures queries, not
// loads) and gathers statistics, as autovacuum would after a real load.
func (q *queryAPI) fillForBench(b *testing.B, events int) {
	ctx := context.Background()
	super := q.db.Super(b)
	people := events / 10
	for _, stmt := range []string{
		fmt.Sprintf(`INSERT INTO ds_patients_v1 (load_id, pid, year_of_birth, sex, lsoa_code, deprivation_decile, ethnicity_group)
			SELECT 0, decode(md5(i::text) || md5((-i)::text), 'hex'), 1930 + i %% 90, (ARRAY['F','M'])[1 + i %% 2],
			       'E0101' || lpad((i %% 1000)::text, 4, '0'), (1 + i %% 10)::text, 'white'
			FROM generate_series(1, %d) i`, people),
		fmt.Sprintf(`INSERT INTO ds_ae_attendances_v1 (load_id, pid, arrival_date, age_band, alcohol_related, diagnosis_code, wait_minutes)
			SELECT 0, decode(md5(p::text) || md5((-p)::text), 'hex'), DATE '2023-01-01' + (i %% 365)::int,
			       (ARRAY['0-4','5-9','10-14','15-19','20-24','25-29','30-34','35-39','40-44','45-49','50-54','55-59','60-64','65-69','70-74','75-79','80-84','85+'])[1 + i %% 18],
			       i %% 9 = 0, NULL, 30 + i %% 300
			FROM (SELECT i, 1 + (i * 7919) %% %d AS p FROM generate_series(1::bigint, %d) i) g`, people, events),
		"ANALYZE ds_patients_v1", "ANALYZE ds_ae_attendances_v1", "ANALYZE optout_versions", "ANALYZE optout_entries",
	} {
		if _, err := super.Exec(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
}

// optedOut is the hand-written form of the opt-out exclusion the API
// applies to an s251 project, for a fair baseline.
const optedOut = `NOT EXISTS (SELECT FROM optout_current c JOIN optout_entries e ON e.version_id = c.id
	WHERE c.list IN ('ndoo', 'type1') AND c.form = 'deny' AND e.pid = %s.pid)`

// benchQueries are typical questions: one small, one over every event, and
// a sum over every event.
var benchQueries = []struct {
	name, body, raw string
	maxEvents       int // the largest table it is measured on (0: any)
}{
	{
		"small",
		`{"sql":"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1980 GROUP BY sex"}`,
		`SELECT sex, count(DISTINCT pid) FROM ds_patients_v1 p WHERE year_of_birth = 1980 AND ` +
			fmt.Sprintf(optedOut, "p") + ` GROUP BY sex`, 0,
	},
	{
		"alcohol-by-age-and-sex",
		`{"sql":"SELECT age_band, sex, COUNT(DISTINCT person) FROM ae_attendances JOIN patients USING (person) WHERE alcohol_related GROUP BY age_band, sex"}`,
		`SELECT a.age_band, p.sex, count(DISTINCT a.pid) FROM ds_ae_attendances_v1 a JOIN ds_patients_v1 p ON p.pid = a.pid
			WHERE a.alcohol_related AND ` + fmt.Sprintf(optedOut, "a") + ` GROUP BY a.age_band, p.sex`, 0,
	},
	{
		// A sum under the magnitude rules, which need each person's
		// contribution: the baseline computes the sums only.
		"wait-sum-by-age",
		`{"sql":"SELECT age_band, SUM(wait_minutes) FROM ae_attendances GROUP BY age_band"}`,
		`SELECT a.age_band, count(DISTINCT a.pid), sum(a.wait_minutes) FROM ds_ae_attendances_v1 a WHERE ` +
			fmt.Sprintf(optedOut, "a") + ` GROUP BY a.age_band`,
		// Two passes over every row outlast the request deadline beyond
		// this (docs/benchmarks.md).
		1_000_000,
	},
}

// BenchmarkQuery measures queries end to end through the API (policy,
// generated SQL with the opt-out joins, disclosure control, audit, HTTP)
// against the hand-written SQL run directly on PostgreSQL in the same run,
// then small queries from 16 clients at once, then what the differencing
// ledger adds to each query, and verifies the audit log afterwards.
//
//	go test -run '^$' -bench Query -benchtime 20x -timeout 60m ./enclave/httpapi/
func BenchmarkQuery(b *testing.B) {
	q := newQueryAPI(b)
	q.fillForBench(b, benchEvents())
	// First without the differencing ledger; its cost is measured last,
	// separately.
	ledger := q.answers.Ledger
	q.differencing(false, ledger)
	// Just under the test server's request deadline: the sum under the
	// magnitude rules takes about 5 s at 1,000,000 rows.
	q.answers.Runner.(*postgres.QueryStore).Timeout = 9 * time.Second
	super := q.db.Super(b)
	for _, bq := range benchQueries {
		if bq.maxEvents > 0 && benchEvents() > bq.maxEvents {
			continue
		}
		var raw time.Duration
		b.Run(bq.name+"/raw-sql", func(b *testing.B) {
			for b.Loop() {
				if _, err := super.Exec(context.Background(), bq.raw); err != nil {
					b.Fatal(err)
				}
			}
			raw = b.Elapsed() / time.Duration(b.N)
		})
		b.Run(bq.name+"/api", func(b *testing.B) {
			for b.Loop() {
				if status, _, body := q.ask(b, "researcher-1", q.s251, bq.body); status != http.StatusOK {
					b.Fatalf("%d %s", status, body)
				}
			}
			per := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(per.Microseconds())/1000, "ms/query")
			b.ReportMetric(float64(per)/float64(raw), "x-raw-sql")
			b.ReportMetric(float64((per-raw).Microseconds())/1000, "ms-added")
		})
	}
	b.Run("small/16-clients", func(b *testing.B) {
		const clients = 16
		per := max(b.N/clients, 1)
		start := time.Now()
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for range per {
					if status, _, body := q.ask(b, "researcher-1", q.s251, benchQueries[0].body); status != http.StatusOK {
						b.Errorf("%d %s", status, body)
						return
					}
				}
			})
		}
		wg.Wait()
		b.ReportMetric(float64(per*clients)/time.Since(start).Seconds(), "queries/s")
	})
	for _, bq := range benchQueries {
		if bq.maxEvents > 0 && benchEvents() > bq.maxEvents {
			continue
		}
		b.Run(bq.name+"/api+differencing", func(b *testing.B) {
			// Without and with the ledger in turn, so that the load of a
			// shared machine falls on both alike; medians, for the same reason.
			var without, with, added []time.Duration
			for b.Loop() {
				for _, on := range []bool{false, true} {
					q.differencing(on, ledger)
					start := time.Now()
					if status, _, body := q.ask(b, "researcher-1", q.s251, bq.body); status != http.StatusOK {
						b.Fatalf("%d %s", status, body)
					}
					if on {
						with = append(with, time.Since(start))
						added = append(added, with[len(with)-1]-without[len(without)-1])
					} else {
						without = append(without, time.Since(start))
					}
				}
			}
			b.ReportMetric(median(with), "ms/query")
			b.ReportMetric(median(without), "ms-without")
			b.ReportMetric(median(added), "ms-added")
		})
	}
	q.verifyAuditLog(b)
}

// differencing switches the differencing ledger on or off.
func (q *queryAPI) differencing(on bool, ledger differencing.Ledger) {
	q.answers.Runner.(*postgres.QueryStore).Members = on
	q.answers.Ledger = nil
	if on {
		q.answers.Ledger = ledger
	}
}

// median is the median of ds, in milliseconds.
func median(ds []time.Duration) float64 {
	slices.Sort(ds)
	return float64(ds[len(ds)/2].Microseconds()) / 1000
}

// verifyAuditLog checks the whole audit log against a fresh signed
// checkpoint, as an auditor would.
func (q *queryAPI) verifyAuditLog(b *testing.B) {
	ctx := context.Background()
	signed, err := q.audit.Checkpoint(ctx, false)
	if err != nil {
		b.Fatal(err)
	}
	nv, err := note.NewVerifier(q.audit.VerifierKey)
	if err != nil {
		b.Fatal(err)
	}
	cp, err := audit.OpenCheckpoint(signed, nv, q.audit.Origin)
	if err != nil {
		b.Fatal(err)
	}
	v := audit.NewVerifier()
	if err := q.auditLog.Export(ctx, 0, cp.Size, func(e []byte) error { return v.Add(e) }); err != nil {
		b.Fatal(err)
	}
	if err := v.Check(cp); err != nil {
		b.Fatalf("the audit log does not verify after the benchmark: %v", err)
	}
	b.Logf("audit log verified: %d events", cp.Size)
}
