package regionbench

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/internal/services/servicestest"
	"github.com/research-enclave/enclave/internal/synth"
)

// regionPeople is ENCLAVE_BENCH_REGION_PEOPLE, else 20,000: small enough
// for `make bench`; `make bench-region` sets 5,500,000.
func regionPeople() int {
	if n, err := strconv.Atoi(os.Getenv("ENCLAVE_BENCH_REGION_PEOPLE")); err == nil && n > 0 {
		return n
	}
	return 20_000
}

// BenchmarkRegion generates a region's population, loads it through the
// API, asks every question through the API and as hand-written SQL in the
// same run, and verifies the audit log. Its figures go to the benchmark
// log and, with ENCLAVE_BENCH_REGION_REPORT, to that file as markdown.
//
//	ENCLAVE_BENCH_REGION_PEOPLE=550000 go test -run '^$' -bench Region -benchtime 3x -timeout 0 ./internal/regionbench/
func BenchmarkRegion(b *testing.B) {
	rep := report{people: regionPeople(), date: time.Now().UTC()}
	r := newRegion(b)
	dir := b.TempDir()
	start := time.Now()
	sum, err := synth.Generate(context.Background(), dir, synth.Options{People: rep.people, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	rep.generated, rep.optedOut = time.Since(start), sum.OptedOut
	rep.loads = r.loadAll(b, dir)
	rep.sizes = r.sizes(b)
	rep.held = r.hold(b)
	project := r.project(b)
	super := r.env.DB.Super(b)
	store := r.env.Answers.Runner.(*postgres.QueryStore)
	for _, q := range questions {
		a := asked{question: q, rows: rep.rowsOf(q.datasets)}
		b.Run(slug(q.name)+"/raw-sql", func(b *testing.B) {
			for b.Loop() {
				if _, err := super.Exec(context.Background(), q.raw); err != nil {
					b.Fatal(err)
				}
			}
			a.raw = b.Elapsed() / time.Duration(b.N)
		})
		// From memory, as the server answers by default, then as SQL.
		b.Run(slug(q.name)+"/api", func(b *testing.B) {
			a.api = r.ask(b, project, q, &a)
			b.ReportMetric(float64(a.api)/float64(a.raw), "x-raw-sql")
		})
		b.Run(slug(q.name)+"/api-sql", func(b *testing.B) {
			cache := store.Cache
			store.Cache = nil
			defer func() { store.Cache = cache }()
			a.sql = r.ask(b, project, q, &a)
			b.ReportMetric(float64(a.sql)/float64(a.raw), "x-raw-sql")
		})
		rep.asked = append(rep.asked, a)
	}
	rep.auditEvents = r.verifyAuditLog(b)
	b.Log("\n" + rep.markdown())
	if name := os.Getenv("ENCLAVE_BENCH_REGION_REPORT"); name != "" {
		if err := os.WriteFile(name, []byte(rep.markdown()), 0o644); err != nil {
			b.Error(err)
		}
	}
}

// ask asks q through the API b.N times and returns the time of one answer.
func (r *region) ask(b *testing.B, project string, q question, a *asked) time.Duration {
	body, _ := json.Marshal(map[string]string{"sql": q.sql})
	for b.Loop() {
		var answer struct{ Held json.RawMessage }
		if err := r.post(context.Background(), r.researcher, "/v1/projects/"+project+"/queries",
			"application/json", strings.NewReader(string(body)), &answer); err != nil {
			a.failed = err.Error()
			b.Error(err)
			return 0
		}
		a.held = answer.Held != nil
	}
	return b.Elapsed() / time.Duration(b.N)
}

// hold reads every dataset into the server's memory, as a server does when
// it starts, and measures the rows, the time and the heap it takes.
func (r *region) hold(b *testing.B) held {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	r.env.QueryCache.Warm(r.env.Files.Catalogue())
	h := held{rows: r.env.QueryCache.Rows(), took: time.Since(start)}
	runtime.GC()
	runtime.ReadMemStats(&after)
	h.heap = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	return h
}

// project is an approved s251 project (so both opt-out lists apply) whose
// scope covers every question, with the catalogue's disclosure settings.
func (r *region) project(b *testing.B) string {
	b.Helper()
	draft := servicestest.Draft()
	draft.StartDate, draft.ExpiryDate = "2026-01-01", "2026-12-31"
	draft.Title, draft.Purpose = "Care pathways across the region", "Region-scale benchmark of the demo's care-pathway questions."
	draft.Scope = enclave.Scope{
		"patients":         {"sex", "year_of_birth", "lsoa_code", "deprivation_decile"},
		"ae_attendances":   {"arrival_date", "age_band", "alcohol_related", "wait_minutes"},
		"gp_events":        {"event_date", "snomed_code", "bmi", "obese", "egfr", "ckd_stage"},
		"breast_screening": {"screening_date", "result", "risk_category"},
	}
	return r.env.Approved(b, draft).ID
}

// verifyAuditLog checks the whole audit log against a fresh signed
// checkpoint, as an auditor would, and returns its size.
func (r *region) verifyAuditLog(b *testing.B) int64 {
	b.Helper()
	ctx := context.Background()
	signed, err := r.env.Audit.Checkpoint(ctx, false)
	if err != nil {
		b.Fatal(err)
	}
	nv, err := note.NewVerifier(r.env.Audit.VerifierKey)
	if err != nil {
		b.Fatal(err)
	}
	cp, err := audit.OpenCheckpoint(signed, nv, r.env.Audit.Origin)
	if err != nil {
		b.Fatal(err)
	}
	v := audit.NewVerifier()
	if err := r.env.Stored.Export(ctx, 0, cp.Size, func(e []byte) error { return v.Add(e) }); err != nil {
		b.Fatal(err)
	}
	if err := v.Check(cp); err != nil {
		b.Fatalf("the audit log does not verify after the benchmark: %v", err)
	}
	return int64(cp.Size)
}

// slug turns a question's title into a sub-benchmark name.
func slug(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	}), "-")
}
