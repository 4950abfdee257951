package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
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
// loads) and gathers statistics, as autovacuum would after a real load: as
// many A&E attendances and GP events as events, over a tenth as many
// patients. Seven GP events in ten have no CKD stage, so that the cells of
// the demo's CKD question hold many people (a tenth of the patients each,
// at the missing stage).
func (q *queryAPI) fillForBench(b testing.TB, events int) {
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
		fmt.Sprintf(`INSERT INTO ds_gp_events_v1 (load_id, pid, event_date, snomed_code, ckd_stage, egfr)
			SELECT 0, decode(md5(p::text) || md5((-p)::text), 'hex'), DATE '2023-01-01' + (i %% 365)::int, '431855005',
			       (ARRAY['1','2','3a','3b','4','5'])[1 + i %% 20], 20 + i %% 70
			FROM (SELECT i, 1 + (i * 7907) %% %d AS p FROM generate_series(1::bigint, %d) i) g`, people, events),
		"ANALYZE ds_patients_v1", "ANALYZE ds_ae_attendances_v1", "ANALYZE ds_gp_events_v1", "ANALYZE optout_versions", "ANALYZE optout_entries",
	} {
		if _, err := super.Exec(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
}

// benchScope is the benchmark project's: the query tests' scope, and the
// columns of the demo's CKD question.
const benchScope = `{"patients":["sex","year_of_birth","deprivation_decile"],` +
	`"ae_attendances":["alcohol_related","age_band","arrival_date","wait_minutes"],"gp_events":["ckd_stage"]}`

// benchProject creates and approves the benchmark's project, under s251
// (so both opt-out lists apply).
func (q *queryAPI) benchProject(b testing.TB) string {
	body := strings.Replace(validDraft, `{"patients":["sex","year_of_birth"]}`, benchScope, 1)
	id := q.mustAct(b, "gov-a", "POST", "/v1/projects", body).ID
	q.mustAct(b, "gov-a", "POST", "/v1/projects/"+id+"/submit", "")
	q.mustAct(b, "gov-b", "POST", "/v1/projects/"+id+"/approve", "")
	return id
}

// optedOut is the hand-written form of the opt-out exclusion the API
// applies to an s251 project, for a fair baseline; its own aliases are c
// and e.
const optedOut = `NOT EXISTS (SELECT FROM optout_current c JOIN optout_entries e ON e.version_id = c.id
	WHERE c.list IN ('ndoo', 'type1') AND c.form = 'deny' AND e.pid = %s.pid)`

// benchQueries are typical questions, each with the statement a person
// would write for the same figures: one small; a join over every event;
// each measure kind over every event (people, events, a sum and a mean,
// whose answers also give each cell's people); and the demo's CKD question,
// whose cells hold many people.
var benchQueries = []struct {
	name, body, raw string
}{
	{
		"small",
		`{"sql":"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1980 GROUP BY sex"}`,
		`SELECT sex, count(DISTINCT pid) FROM ds_patients_v1 p WHERE year_of_birth = 1980 AND ` +
			fmt.Sprintf(optedOut, "p") + ` GROUP BY sex`,
	},
	{
		"alcohol-by-age-and-sex",
		`{"sql":"SELECT age_band, sex, COUNT(DISTINCT person) FROM ae_attendances JOIN patients USING (person) WHERE alcohol_related GROUP BY age_band, sex"}`,
		`SELECT a.age_band, p.sex, count(DISTINCT a.pid) FROM ds_ae_attendances_v1 a JOIN ds_patients_v1 p ON p.pid = a.pid
			WHERE a.alcohol_related AND ` + fmt.Sprintf(optedOut, "a") + ` GROUP BY a.age_band, p.sex`,
	},
	{
		"people-by-age",
		`{"sql":"SELECT age_band, COUNT(DISTINCT person) FROM ae_attendances GROUP BY age_band"}`,
		`SELECT a.age_band, count(DISTINCT a.pid) FROM ds_ae_attendances_v1 a WHERE ` +
			fmt.Sprintf(optedOut, "a") + ` GROUP BY a.age_band`,
	},
	{
		"events-by-age",
		`{"sql":"SELECT age_band, COUNT(*) FROM ae_attendances GROUP BY age_band"}`,
		`SELECT a.age_band, count(DISTINCT a.pid), count(*) FROM ds_ae_attendances_v1 a WHERE ` +
			fmt.Sprintf(optedOut, "a") + ` GROUP BY a.age_band`,
	},
	{
		// A sum under the magnitude rules, which need each person's
		// contribution: the baseline computes the sums only.
		"wait-sum-by-age",
		`{"sql":"SELECT age_band, SUM(wait_minutes) FROM ae_attendances GROUP BY age_band"}`,
		`SELECT a.age_band, count(DISTINCT a.pid), sum(a.wait_minutes) FROM ds_ae_attendances_v1 a WHERE ` +
			fmt.Sprintf(optedOut, "a") + ` GROUP BY a.age_band`,
	},
	{
		"wait-mean-by-age",
		`{"sql":"SELECT age_band, AVG(wait_minutes) FROM ae_attendances GROUP BY age_band"}`,
		`SELECT a.age_band, count(DISTINCT a.pid), avg(a.wait_minutes) FROM ds_ae_attendances_v1 a WHERE ` +
			fmt.Sprintf(optedOut, "a") + ` GROUP BY a.age_band`,
	},
	{
		"ckd-by-deprivation",
		`{"sql":"SELECT ckd_stage, deprivation_decile, COUNT(DISTINCT person) FROM gp_events JOIN patients USING (person) GROUP BY ckd_stage, deprivation_decile"}`,
		`SELECT g.ckd_stage, p.deprivation_decile, count(DISTINCT g.pid) FROM ds_gp_events_v1 g JOIN ds_patients_v1 p ON p.pid = g.pid
			WHERE ` + fmt.Sprintf(optedOut, "g") + ` GROUP BY g.ckd_stage, p.deprivation_decile`,
	},
}

// BenchmarkQuery measures queries end to end through the API (policy,
// generated SQL with the opt-out joins, disclosure control with the
// magnitude rules, the differencing ledger, audit, HTTP) against the
// hand-written SQL run directly on PostgreSQL in the same run, then small
// queries from 16 clients at once, then what the ledger adds to each query
// (asked without and with it in turn), and verifies the audit log
// afterwards. The time limit of a query and the request deadline are the
// service's defaults (internal/config).
//
//	go test -run '^$' -bench Query -benchtime 20x -timeout 60m ./enclave/httpapi/
func BenchmarkQuery(b *testing.B) {
	q := newQueryAPI(b)
	q.fillForBench(b, benchEvents())
	project := q.benchProject(b)
	ledger := q.answers.Ledger
	store := q.answers.Runner.(*postgres.QueryStore)
	store.Timeout = 25 * time.Second
	cache := holdInMemory(b, store, q.answers.Catalogue())
	super := q.db.Super(b)
	for _, bq := range benchQueries {
		// From memory, as the server answers by default, and as SQL (the
		// cache off), each against the hand-written SQL.
		raw := func() error {
			_, err := super.Exec(context.Background(), bq.raw)
			return err
		}
		b.Run(bq.name+"/api-vs-raw", func(b *testing.B) { q.versusRaw(b, raw, project, bq.body, false) })
		b.Run(bq.name+"/sql-vs-raw", func(b *testing.B) {
			store.Cache = nil
			defer func() { store.Cache = cache }()
			q.versusRaw(b, raw, project, bq.body, true)
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
					if status, _, body := q.ask(b, "researcher-1", project, benchQueries[0].body); status != http.StatusOK {
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
		b.Run(bq.name+"/api+differencing", func(b *testing.B) {
			// Without and with the ledger in turn, so that the load of a
			// shared machine falls on both alike; medians, for the same reason.
			var without, with, added []time.Duration
			for b.Loop() {
				for _, on := range []bool{false, true} {
					q.differencing(on, ledger)
					start := time.Now()
					if status, _, body := q.ask(b, "researcher-1", project, bq.body); status != http.StatusOK {
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

// holdInMemory gives store a cache holding every dataset, read now, and
// logs the rows it holds, how long they took to read and the heap they take.
func holdInMemory(b *testing.B, store *postgres.QueryStore, cat *catalogue.Catalogue) *postgres.QueryCache {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cache := &postgres.QueryCache{DB: store.DB, ServiceRole: store.ServiceRole, MaxRows: 1 << 40}
	b.Cleanup(cache.Close)
	start := time.Now()
	cache.Warm(cat)
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.Logf("held %d rows in memory in %v, %d MB of heap", cache.Rows(), took.Round(time.Millisecond), (int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20)
	store.Cache = cache
	return cache
}

// versusRaw asks body through the API and runs the hand-written SQL in
// turn, so that the load of a shared machine falls on both alike, and
// reports medians, for the same reason. With overtime, an answer past the
// query's time limit (503) is reported as such rather than failing: the
// SQL that answers only until a dataset is held is not bound to its goals.
func (q *queryAPI) versusRaw(b *testing.B, raw func() error, project, body string, overtime bool) {
	var rawTimes, api, ratio []time.Duration
	over := 0
	for b.Loop() {
		start := time.Now()
		if err := raw(); err != nil {
			b.Fatal(err)
		}
		rawTimes = append(rawTimes, time.Since(start))
		start = time.Now()
		status, _, resp := q.ask(b, "researcher-1", project, body)
		if status == http.StatusServiceUnavailable && overtime && strings.Contains(resp, "longer than its time limit") {
			b.Logf("past the time limit after %v; the hand-written SQL took %v", time.Since(start), rawTimes[len(rawTimes)-1])
			over++
			continue
		}
		if status != http.StatusOK {
			b.Fatalf("%d after %v, the hand-written SQL %v: %s", status, time.Since(start), rawTimes[len(rawTimes)-1], resp)
		}
		api = append(api, time.Since(start))
		ratio = append(ratio, time.Duration(1e6*float64(api[len(api)-1])/float64(rawTimes[len(rawTimes)-1])))
	}
	b.ReportMetric(median(rawTimes), "ms-raw-sql")
	if over > 0 {
		b.ReportMetric(float64(over), "past-time-limit")
	}
	if len(api) > 0 {
		b.ReportMetric(median(api), "ms/query")
		b.ReportMetric(median(ratio), "x-raw-sql")
	}
}

// differencing switches the differencing ledger on or off.
func (q *queryAPI) differencing(on bool, ledger differencing.Ledger) {
	q.answers.Runner.(*postgres.QueryStore).Members = on
	q.answers.Ledger = nil
	if on {
		q.answers.Ledger = ledger
	}
}

// median is the median of ds, in milliseconds (of ratios kept as
// millionths in a Duration, the median ratio).
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
