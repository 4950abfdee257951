package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/loadgen"
	"github.com/research-enclave/enclave/internal/synth"
)

// loadFixture is a server process on a database of its own, with an
// approved project over a synthetic population's patients, the tokens of
// the researcher, an officer, an auditor and the operator, and the
// population's GP events to ingest while the load runs.
type loadFixture struct {
	db       *pgtest.DB
	base     string // http://127.0.0.1:port
	project  string
	tokens   map[string]string // by role
	auditor  []string          // the auditor's client environment
	gpEvents string
}

func newLoadFixture(tb testing.TB, people int) *loadFixture {
	tb.Helper()
	f := &loadFixture{db: pgtest.New(tb), tokens: map[string]string{}}
	dir := tb.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: people, Seed: 64}); err != nil {
		tb.Fatal(err)
	}
	f.gpEvents = filepath.Join(dir, "gp_events.csv")
	env := append(serverEnv(tb, f.db), "ENCLAVE_KEY_SOURCE=dev",
		"ENCLAVE_PSEUDONYM_KEY="+base64.StdEncoding.EncodeToString([]byte("a-load-test-key-of-32-bytes!!!!!")))
	srv, _ := startProcess(tb, []string{"server"}, env)
	addr := srv.waitFor(tb, servingRe, srv.stderr)
	f.base = "http://" + addr
	operator := []string{"ENCLAVE_ADDR=" + addr, "ENCLAVE_TOKEN=" + srv.waitFor(tb, bootstrapRe, srv.stdout)}
	p := newProject(tb, f.db, operator)
	f.project = p.id
	f.auditor = enrolCLI(tb, operator, p.officer, "aldo", "auditor")
	for role, env := range map[string][]string{"researcher": p.researcher, "governance": p.officers[0], "auditor": f.auditor, "operator": operator} {
		f.tokens[role] = strings.TrimPrefix(env[1], "ENCLAVE_TOKEN=")
	}
	out, err := runCmd(tb, operator, "ingest", "--quiet", "--dataset", "patients", "--mapping", "synth_patients", filepath.Join(dir, "patients.csv"))
	if err != nil {
		tb.Fatalf("ingest: %v\n%s", err, out)
	}
	return f
}

// The researchers' questions, asked in turn.
var loadQuestions = []string{
	"SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex",
	"SELECT year_of_birth, sex, COUNT(DISTINCT person) FROM patients GROUP BY year_of_birth, sex",
	"SELECT lsoa_code, COUNT(DISTINCT person) FROM patients GROUP BY lsoa_code",
}

// mix gives half the clients to the researcher, who asks the questions in
// turn; a quarter to the officer, who drafts a project and then submits
// it; and a quarter to the auditor, who searches the log.
func (f *loadFixture) mix(client int, prev *loadgen.Answer) loadgen.Request {
	n := 0
	if prev != nil {
		n = len(prev.Body) + int(prev.Latency) // varies the turn without shared state
	}
	switch client % 4 {
	case 0, 1:
		body, _ := json.Marshal(map[string]string{"sql": loadQuestions[n%len(loadQuestions)]})
		return loadgen.Request{Kind: "query", Method: "POST", Path: "/v1/projects/" + f.project + "/queries", Token: f.tokens["researcher"], Body: string(body)}
	case 2:
		var created struct{ ID, State string }
		if prev != nil && prev.Kind == "project.create" && prev.Status == http.StatusCreated && json.Unmarshal(prev.Body, &created) == nil {
			return loadgen.Request{Kind: "project.submit", Method: "POST", Path: "/v1/projects/" + created.ID + "/submit", Token: f.tokens["governance"]}
		}
		return loadgen.Request{Kind: "project.create", Method: "POST", Path: "/v1/projects", Token: f.tokens["governance"], Body: fmt.Sprintf(
			`{"title":"Load %d","purpose":"A draft made under load.","lead":"res-1","legal_basis":"consent","start_date":"2025-01-01",`+
				`"expiry_date":"2099-12-31","scope":{"patients":["sex"]},"disclosure":{"threshold":10,"rounding":5}}`, client)}
	}
	path := "/v1/audit/events?kind=query.run&limit=50"
	if n%2 == 1 {
		path = "/v1/audit/events?role=governance&limit=20"
	}
	return loadgen.Request{Kind: "audit.search", Method: "GET", Path: path, Token: f.tokens["auditor"]}
}

// loadRun is what a run measured.
type loadRun struct {
	report *loadgen.Report
	ingest string        // the ingest's status and body
	took   time.Duration // the ingest's
}

// run loads the GP events as the operator while clients send requests
// (the mix) in all, and checks what the log recorded against the
// generator's tally: one event for every answered request, by role, and
// the one of the ingest; then that the log verifies.
func (f *loadFixture) run(tb testing.TB, clients, requests int) loadRun {
	tb.Helper()
	before := f.eventsByRole(tb)
	var r loadRun
	ingested := make(chan struct{})
	go func() {
		defer close(ingested)
		r.ingest, r.took = f.ingest()
	}()
	rep, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: f.base, Clients: clients, Requests: requests, Mix: f.mix, MemoryEvery: 100 * time.Millisecond,
	})
	if err != nil {
		tb.Fatal(err)
	}
	<-ingested
	r.report = rep
	if !strings.HasPrefix(r.ingest, "201 ") {
		tb.Errorf("the ingest during the load: %.300s", r.ingest)
	}
	after := f.eventsByRole(tb)
	want := map[string]int{
		"researcher": rep.Kind("query").Answered,
		"governance": rep.Kind("project.create").Answered + rep.Kind("project.submit").Answered,
		"auditor":    rep.Kind("audit.search").Answered,
		"operator":   1,
	}
	for role, n := range want {
		if got := after[role] - before[role]; got != n {
			tb.Errorf("%d audit events by the %s during the load, want %d: one per answered request", got, role, n)
		}
	}
	for _, k := range rep.Kinds() {
		if k.Failed > 0 || k.Statuses[http.StatusOK]+k.Statuses[http.StatusCreated] != k.Answered {
			tb.Errorf("%s: %d without an answer, statuses %v", k.Name, k.Failed, k.Statuses)
		}
	}
	// A generous ceiling, race detector included: the server holds about
	// 100 MiB; a leak per request would pass it in a long run.
	if rep.Memory.Samples == 0 || rep.Memory.MaxRSS > 2<<30 {
		tb.Errorf("the server's memory: %s, want samples, all below 2 GiB resident", rep.Memory)
	}
	verifyAuditAs(tb, f.auditor)
	return r
}

// ingest sends the GP events as the operator and returns the status and
// body, and how long it took.
func (f *loadFixture) ingest() (string, time.Duration) {
	file, err := os.Open(f.gpEvents)
	if err != nil {
		return err.Error(), 0
	}
	defer file.Close()
	req, err := http.NewRequest("POST", f.base+"/v1/datasets/gp_events/loads?mapping=synth_gp_events", file)
	if err != nil {
		return err.Error(), 0
	}
	req.Header.Set("Authorization", "Bearer "+f.tokens["operator"])
	req.Header.Set("Content-Type", "text/csv")
	began := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err.Error(), time.Since(began)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, b), time.Since(began)
}

// eventsByRole counts the audit log's events by the role of who acted.
func (f *loadFixture) eventsByRole(tb testing.TB) map[string]int {
	tb.Helper()
	rows, err := f.db.SharedSuper(tb).Query(context.Background(), `SELECT role, count(*) FROM audit_events GROUP BY role`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var role string
		var n int
		if err := rows.Scan(&role, &n); err != nil {
			tb.Fatal(err)
		}
		out[role] = n
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestLoadShort is the load of BenchmarkLoad, small: 64 clients, three
// requests each, on 1,000 people, with an ingest running.
func TestLoadShort(t *testing.T) {
	t.Parallel()
	f := newLoadFixture(t, 1000)
	r := f.run(t, 64, 192)
	var table strings.Builder
	if err := r.report.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	t.Logf("ingest %s in %s\n%s", strings.SplitN(r.ingest, " ", 2)[0], r.took.Round(time.Millisecond), table.String())
}

// BenchmarkLoad runs 64 clients (researchers' queries, officers' drafts and
// submissions, auditors' searches) for 3,200 requests against a server
// process on 20,000 people (ENCLAVE_BENCH_LOAD_REQUESTS and
// ENCLAVE_BENCH_LOAD_PEOPLE to change) while the operator ingests their GP
// events, and reports each kind's p50, p95 and p99 latency and throughput,
// and the server's largest heap and RSS. Each iteration is a whole run.
func BenchmarkLoad(b *testing.B) {
	f := newLoadFixture(b, benchSize(b, "ENCLAVE_BENCH_LOAD_PEOPLE", 20_000))
	requests := benchSize(b, "ENCLAVE_BENCH_LOAD_REQUESTS", 3200)
	for b.Loop() {
		r := f.run(b, 64, requests)
		for _, k := range r.report.Kinds() {
			b.ReportMetric(float64(k.Percentile(50).Microseconds())/1000, k.Name+"-p50-ms")
			b.ReportMetric(float64(k.Percentile(95).Microseconds())/1000, k.Name+"-p95-ms")
			b.ReportMetric(float64(k.Percentile(99).Microseconds())/1000, k.Name+"-p99-ms")
			b.ReportMetric(k.Throughput(r.report.Elapsed), k.Name+"-req/s")
		}
		b.ReportMetric(r.report.Memory.MaxRSS/(1<<20), "max-rss-MiB")
		b.ReportMetric(r.report.Memory.MaxHeap/(1<<20), "max-heap-MiB")
		var table strings.Builder
		if err := r.report.WriteTable(&table); err != nil {
			b.Fatal(err)
		}
		b.Logf("ingest of the GP events during the load: %s in %s\n%s", strings.SplitN(r.ingest, " ", 2)[0], r.took.Round(time.Millisecond), table.String())
	}
}

// benchSize reads a positive size from the environment variable name, or
// gives def when it is unset.
func benchSize(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: must be a positive whole number", name, v)
	}
	return n
}
