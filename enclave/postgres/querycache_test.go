package postgres_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/enclave/query"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
	"github.com/research-enclave/enclave/internal/synth"
	demomappings "github.com/research-enclave/enclave/mappings"
	"github.com/research-enclave/enclave/pseudonym"
)

// cachedEnv is a query environment with both opt-out lists loaded, and a
// second query store that answers from memory.
func cachedEnv(t *testing.T, people int) (*queryEnv, *postgres.QueryStore, *postgres.QueryCache) {
	t.Helper()
	e := newQueryEnv(t, people)
	for _, l := range []struct {
		list optout.List
		form optout.Form
		file string
	}{{optout.ListNDOO, optout.FormDeny, "optout_ndoo.dat"}, {optout.ListType1, optout.FormDeny, "optout_type1.dat"}} {
		f, err := os.Open(filepath.Join(e.dir, l.file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.opt.Load(context.Background(), operator("otto"), enclave.OptOutRequest{List: l.list, Form: l.form}, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	cache := &postgres.QueryCache{DB: e.db, ServiceRole: pgtest.ServiceRole, MaxRows: 1 << 30}
	t.Cleanup(cache.Close)
	cache.Warm(e.cat)
	if cache.Rows() == 0 {
		t.Fatal("the cache holds no rows after Warm")
	}
	cached := *e.store
	cached.Cache = cache
	return e, &cached, cache
}

// TestCacheAnswersAsSQL: every query of a broad set, and hundreds drawn at
// random from the catalogue's columns, get the same cells from memory as
// from the SQL statements: people, events, sums, means, percentiles,
// margins, every protection figure and every key the ledger reads, in the
// same order.
func TestCacheAnswersAsSQL(t *testing.T) {
	t.Parallel()
	e, cached, cache := cachedEnv(t, 1500)
	magnitude := disclosure.Rules{Threshold: 1, Rounding: 1, Totals: disclosure.TotalsIndependent, Magnitude: disclosure.DefaultMagnitude()}
	cellKey := magnitude
	cellKey.Mode = disclosure.ModeCellKey
	people := []query.Measure{{Kind: query.CountPeople}}
	fixed := []query.Query{
		{Datasets: []string{"patients"}, Measures: people, GroupBy: []string{"patients.sex"}, Totals: true},
		{Datasets: []string{"patients"}, Measures: people},
		{Datasets: []string{"ae_attendances", "patients"}, Measures: people, GroupBy: []string{"ae_attendances.age_band", "patients.sex"},
			Filters: []query.Filter{{Column: "ae_attendances.alcohol_related", Op: query.Eq, Values: []query.Value{"true"}}}},
		{Datasets: []string{"ae_attendances", "patients"}, Measures: append(slices.Clone(people), query.Measure{Kind: query.CountEvents, Dataset: "ae_attendances"}),
			GroupBy: []string{"ae_attendances.age_band", "patients.sex"}, Totals: true},
		{Datasets: []string{"ae_attendances"}, Measures: append(slices.Clone(people), query.Measure{Kind: query.Sum, Column: "ae_attendances.wait_minutes"},
			query.Measure{Kind: query.Mean, Column: "ae_attendances.wait_minutes"}), GroupBy: []string{"ae_attendances.age_band"}, Totals: true},
		{Datasets: []string{"ae_attendances"}, Measures: append(slices.Clone(people), query.Measure{Kind: query.Percentile, Column: "ae_attendances.wait_minutes", P: 0.5},
			query.Measure{Kind: query.Sum, Column: "ae_attendances.wait_minutes"}), GroupBy: []string{"ae_attendances.arrival_date"}},
		{Datasets: []string{"gp_events", "patients"}, Measures: people, GroupBy: []string{"gp_events.ckd_stage", "patients.deprivation_decile"}},
		{Datasets: []string{"patients"}, Measures: people, GroupBy: []string{"patients.deprivation_decile"}, Totals: true,
			Filters: []query.Filter{{Column: "patients.year_of_birth", Op: query.Between, Values: []query.Value{"2008", "2019"}}},
			Cohort: &query.Cohort{Dataset: "gp_events", Filters: []query.Filter{{Column: "gp_events.obese", Op: query.Eq, Values: []query.Value{"true"}},
				{Column: "gp_events.event_date", Op: query.Between, Values: []query.Value{"2023-01-01", "2023-12-31"}}}}},
		{Datasets: []string{"gp_events"}, Measures: append(slices.Clone(people), query.Measure{Kind: query.Mean, Column: "gp_events.egfr"},
			query.Measure{Kind: query.Percentile, Column: "gp_events.egfr", P: 0.5}), GroupBy: []string{"gp_events.ckd_stage"},
			Filters: []query.Filter{{Column: "gp_events.ckd_stage", Op: query.In, Values: []query.Value{"3a", "3b", "4", "5"}}}},
		{Datasets: []string{"gp_events", "ae_attendances"}, Measures: append(slices.Clone(people), query.Measure{Kind: query.Sum, Column: "ae_attendances.wait_minutes"},
			query.Measure{Kind: query.CountEvents, Dataset: "ae_attendances"}), GroupBy: []string{"gp_events.obese", "ae_attendances.alcohol_related"}, Totals: true},
		{Datasets: []string{"ae_attendances"}, Measures: people, GroupBy: []string{"ae_attendances.wait_minutes"}, Totals: true},
	}
	listSets := [][]string{nil, {"ndoo"}, {"ndoo", "type1"}}
	rulesSets := []disclosure.Rules{{}, magnitude, cellKey}
	for i, q := range fixed {
		for j, lists := range listSets {
			compareCached(t, fmt.Sprintf("fixed %d, lists %v, rules %d", i, lists, j%3), e, cached, q, rulesSets[(i+j)%3], lists)
		}
	}
	rng := rand.New(rand.NewPCG(7, 16))
	asked := 0
	for asked < 150 {
		q, ok := randomQuery(rng, e)
		if !ok {
			continue
		}
		asked++
		compareCached(t, fmt.Sprintf("random %d %+v", asked, q), e, cached, q, rulesSets[asked%3], listSets[asked%3])
	}
	if n := cache.Answered(); n != int64(asked+len(fixed)*len(listSets)) {
		t.Errorf("%d of %d queries answered from memory", n, asked+len(fixed)*len(listSets))
	}
}

// randomQuery draws a query over one or two of the datasets: up to two
// group-by columns, up to two filters with values from the column's own
// distinct values, and measures of every kind; ok is false when Validate
// refuses it.
func randomQuery(rng *rand.Rand, e *queryEnv) (query.Query, bool) {
	pairs := [][]string{{"patients"}, {"ae_attendances"}, {"gp_events"}, {"ae_attendances", "patients"}, {"gp_events", "patients"}, {"gp_events", "ae_attendances"}}
	q := query.Query{Datasets: pairs[rng.IntN(len(pairs))], Totals: rng.IntN(2) == 0, Measures: []query.Measure{{Kind: query.CountPeople}}}
	var cols []string
	for _, ds := range q.Datasets {
		d, _ := e.cat.Dataset(ds)
		for _, c := range d.Columns {
			if c.Outputtable() {
				cols = append(cols, ds+"."+c.Name)
			}
		}
	}
	for range rng.IntN(3) {
		q.GroupBy = append(q.GroupBy, cols[rng.IntN(len(cols))])
	}
	for range rng.IntN(3) {
		col := cols[rng.IntN(len(cols))]
		vals := distinctValues(e, col)
		if len(vals) == 0 {
			continue
		}
		v := query.Value(vals[rng.IntN(len(vals))])
		ops := []query.Op{query.Eq, query.In, query.Gte, query.Lte, query.Between}
		f := query.Filter{Column: col, Op: ops[rng.IntN(len(ops))], Values: []query.Value{v}}
		switch f.Op {
		case query.In:
			f.Values = append(f.Values, query.Value(vals[rng.IntN(len(vals))]))
		case query.Between:
			f.Values = append(f.Values, query.Value(vals[rng.IntN(len(vals))]))
			slices.Sort(f.Values)
		}
		q.Filters = append(q.Filters, f)
	}
	measured := q.Datasets[rng.IntN(len(q.Datasets))]
	switch rng.IntN(5) {
	case 1:
		q.Measures = append(q.Measures, query.Measure{Kind: query.CountEvents, Dataset: measured})
	case 2, 3, 4:
		d, _ := e.cat.Dataset(measured)
		for _, c := range d.Columns {
			if c.Role == "measure" {
				kinds := []query.MeasureKind{query.Sum, query.Mean, query.Percentile}
				m := query.Measure{Kind: kinds[rng.IntN(3)], Column: measured + "." + c.Name}
				if m.Kind == query.Percentile {
					m.P = []float64{0.1, 0.5, 0.9}[rng.IntN(3)]
				}
				q.Measures = append(q.Measures, m)
				break
			}
		}
	}
	if rng.IntN(4) == 0 {
		q.Cohort = &query.Cohort{Dataset: pairs[rng.IntN(3)][0]}
	}
	v, err := query.Validate(q, e.cat, query.Limits{})
	return v, err == nil
}

// distinctValues are up to 50 of a column's values as text.
func distinctValues(e *queryEnv, ref string) []string {
	ds, col, _ := cutRef(ref)
	d, _ := e.cat.Dataset(ds)
	rows, err := e.db.Pool.Query(context.Background(), fmt.Sprintf(`SELECT DISTINCT %q::text FROM %s WHERE %q IS NOT NULL LIMIT 50`,
		col, postgres.DatasetTable(d.Name, d.Version), col))
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if rows.Scan(&s) == nil {
			out = append(out, s)
		}
	}
	return out
}

func cutRef(ref string) (string, string, bool) {
	for i := range ref {
		if ref[i] == '.' {
			return ref[:i], ref[i+1:], true
		}
	}
	return ref, "", false
}

// compareCached runs q through both stores and fails on any difference
// beyond the order in which floating-point sums were added.
func compareCached(t *testing.T, name string, e *queryEnv, cached *postgres.QueryStore, q query.Query, rules disclosure.Rules, lists []string) {
	t.Helper()
	v, err := query.Validate(q, e.cat, query.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ctx := context.Background()
	want, err := e.store.Run(ctx, e.cat, v, lists, rules, admitAll)
	if err != nil {
		t.Fatalf("%s: SQL: %v", name, err)
	}
	got, err := cached.Run(ctx, e.cat, v, lists, rules, admitAll)
	if err != nil {
		t.Fatalf("%s: cache: %v", name, err)
	}
	w, g := want.Table.Cells, got.Table.Cells
	if len(w) != len(g) {
		t.Fatalf("%s: %d cells from memory, %d from SQL\nmemory %+v\nSQL    %+v", name, len(g), len(w), g, w)
	}
	for i := range w {
		if d := cellDiff(normalCell(w[i]), normalCell(g[i])); d != "" {
			t.Fatalf("%s: cell %d (%+v): %s", name, i, w[i].Keys, d)
		}
	}
}

// normalCell writes what may differ without meaning alike: each person's
// key once and sorted (the SQL of a count repeats a person for each row),
// contribution keys sorted, no cell key as 0, no sides as none.
func normalCell(c disclosure.Cell) disclosure.Cell {
	c.Members = slices.Compact(slices.Sorted(slices.Values(c.Members)))
	if c.CellKey == nil {
		var z uint8
		c.CellKey = &z
	}
	ms := slices.Clone(c.Measures)
	for i := range ms {
		ms[i].Members = slices.Sorted(slices.Values(ms[i].Members))
		if ms[i].Sides == nil {
			ms[i].Sides = &disclosure.Sides{}
		}
	}
	c.Measures = ms
	return c
}

func cellDiff(w, g disclosure.Cell) string {
	switch {
	case !slices.Equal(w.Keys, g.Keys):
		return fmt.Sprintf("keys %+v from memory, %+v from SQL", g.Keys, w.Keys)
	case w.People != g.People || w.Events != g.Events:
		return fmt.Sprintf("people %d events %d from memory, %d and %d from SQL", g.People, g.Events, w.People, w.Events)
	case *w.CellKey != *g.CellKey:
		return fmt.Sprintf("cell key %d from memory, %d from SQL", *g.CellKey, *w.CellKey)
	case !slices.Equal(w.Members, g.Members):
		return fmt.Sprintf("%d member keys from memory, %d from SQL, not the same", len(g.Members), len(w.Members))
	case len(w.Measures) != len(g.Measures):
		return fmt.Sprintf("%d measures from memory, %d from SQL", len(g.Measures), len(w.Measures))
	}
	for j := range w.Measures {
		a, b := w.Measures[j], g.Measures[j]
		switch {
		case !near(a.Value, b.Value) || a.People != b.People || a.Values != b.Values:
			return fmt.Sprintf("measure %d: %+v from memory, %+v from SQL", j, b, a)
		case !near(a.AbsSum, b.AbsSum) || len(a.Top) != len(b.Top) || *a.Sides != *b.Sides:
			return fmt.Sprintf("measure %d protection: top %v abs %v sides %+v from memory, top %v abs %v sides %+v from SQL", j, b.Top, b.AbsSum, *b.Sides, a.Top, a.AbsSum, *a.Sides)
		case !slices.Equal(a.Members, b.Members):
			return fmt.Sprintf("measure %d: contribution keys differ (%d from memory, %d from SQL)", j, len(b.Members), len(a.Members))
		}
		for k := range a.Top {
			if !near(a.Top[k], b.Top[k]) {
				return fmt.Sprintf("measure %d: top %v from memory, %v from SQL", j, b.Top, a.Top)
			}
		}
	}
	return ""
}

// near says whether x and y are equal but for the order of a sum's terms.
func near(x, y float64) bool {
	return x == y || math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))
}

// TestCacheFollowsLoads: a load changes the dataset's revision, so the
// next query runs as SQL (and sees the new rows) while the cache reads the
// dataset again; once it has, queries are answered from memory, with the
// new rows.
func TestCacheFollowsLoads(t *testing.T) {
	t.Parallel()
	e, cached, cache := cachedEnv(t, 800)
	ctx := context.Background()
	q := query.Query{Datasets: []string{"breast_screening"}, Measures: []query.Measure{{Kind: query.CountPeople}}, GroupBy: []string{"breast_screening.result"}, Totals: true}
	v, err := query.Validate(q, e.cat, query.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ask := func() (disclosure.Table, int64) {
		before := cache.Answered()
		raw, err := cached.Run(ctx, e.cat, v, nil, disclosure.Rules{}, admitAll)
		if err != nil {
			t.Fatal(err)
		}
		return raw.Table, cache.Answered() - before
	}
	if tab, fromMemory := ask(); fromMemory != 1 || count(t, tab, "*") != 0 {
		t.Fatalf("before the load: %d people, %d answers from memory; want 0 and 1", count(t, tab, "*"), fromMemory)
	}
	maps, err := ingest.LoadMappings(demomappings.FS, e.cat)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := pseudonym.NewDevKey([]byte("a-query-test-key-of-32-bytes!!!!"), 1)
	aud := &enclave.Audit{Store: &postgres.AuditStore{DB: e.db}, Origin: "enclave.test/audit", HMACKey: []byte("test-audit-hmac-key-of-32-bytes!"), Now: time.Now}
	loads := &ingest.Service{Store: &postgres.LoadStore{DB: e.db}, Mappings: func() *ingest.Mappings { return maps }, Pseudonymiser: pseudonym.LocalPseudonymiser{Key: key}, Audit: aud, Now: time.Now}
	f, err := os.Open(filepath.Join(e.dir, "breast_screening.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = loads.Load(ctx, operator("otto"), ingest.Request{Dataset: "breast_screening", Mapping: "synth_breast_screening"}, f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	sql, err := e.store.Run(ctx, e.cat, v, nil, disclosure.Rules{}, admitAll)
	if err != nil {
		t.Fatal(err)
	}
	want := sql.Table
	tab, fromMemory := ask()
	if fromMemory != 0 || count(t, tab, "*") != count(t, want, "*") || count(t, want, "*") == 0 {
		t.Fatalf("after the load: %d people (%d answers from memory), want %d from SQL", count(t, tab, "*"), fromMemory, count(t, want, "*"))
	}
	deadline := time.Now().Add(time.Minute)
	for fromMemory == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		tab, fromMemory = ask()
	}
	if fromMemory != 1 {
		t.Fatal("the cache never read the loaded dataset again")
	}
	if len(tab.Cells) != len(want.Cells) {
		t.Fatalf("from memory %+v, from SQL %+v", tab.Cells, want.Cells)
	}
	for i := range want.Cells {
		if d := cellDiff(normalCell(want.Cells[i]), normalCell(tab.Cells[i])); d != "" {
			t.Fatalf("cell %d: %s", i, d)
		}
	}
}

// TestCacheAppliesNewOptOutsAtOnce: a new version of an opt-out list
// applies to the very next answer from memory, with the datasets still
// held: the lists are read in each query's snapshot, never kept with the
// data.
func TestCacheAppliesNewOptOutsAtOnce(t *testing.T) {
	t.Parallel()
	e, cached, cache := cachedEnv(t, 800)
	ctx := context.Background()
	q := query.Query{Datasets: []string{"patients"}, Measures: []query.Measure{{Kind: query.CountPeople}}, GroupBy: []string{"patients.sex"}, Totals: true}
	v, err := query.Validate(q, e.cat, query.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ask := func() int64 {
		before := cache.Answered()
		raw, err := cached.Run(ctx, e.cat, v, []string{"ndoo"}, disclosure.Rules{}, admitAll)
		if err != nil {
			t.Fatal(err)
		}
		if cache.Answered() != before+1 {
			t.Fatal("not answered from memory")
		}
		return count(t, raw.Table, "*")
	}
	before := ask()
	// The national opt-out list again, now with the Type 1 objections too.
	var both []byte
	for _, name := range []string{"optout_ndoo.dat", "optout_type1.dat"} {
		b, err := os.ReadFile(filepath.Join(e.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		both = append(both, b...)
	}
	rep, err := e.opt.Load(ctx, operator("otto"), enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}, bytes.NewReader(both))
	if err != nil {
		t.Fatal(err)
	}
	after := ask()
	want := count(t, e.run(t, q, "ndoo"), "*")
	if after != want || after >= before {
		t.Fatalf("%d people from memory after list version %d (%d before), %d from SQL", after, rep.Version.Version, before, want)
	}
}

// TestCacheKeepsToItsBudget: with room for the patients alone, the cache
// holds them and answers their queries from memory, and leaves A&E, which
// would pass the budget, to SQL, with the same answer.
func TestCacheKeepsToItsBudget(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 600)
	var log bytes.Buffer
	cache := &postgres.QueryCache{DB: e.db, ServiceRole: pgtest.ServiceRole, MaxRows: 700, Log: slog.New(slog.NewJSONHandler(&log, nil))}
	t.Cleanup(cache.Close)
	cache.Warm(e.cat)
	if cache.Rows() != 600 {
		t.Fatalf("%d rows held, want the 600 patients alone", cache.Rows())
	}
	if !strings.Contains(log.String(), `"msg":"dataset not held in memory","dataset":"ae_attendances"`) {
		t.Errorf("the log does not say A&E is not held:\n%s", log.String())
	}
	noIdentifiers(t, e, log.String())
	cached := *e.store
	cached.Cache = cache
	for _, c := range []struct {
		q      query.Query
		memory int64
	}{
		{query.Query{Datasets: []string{"patients"}, Measures: []query.Measure{{Kind: query.CountPeople}}, GroupBy: []string{"patients.sex"}}, 1},
		{query.Query{Datasets: []string{"ae_attendances"}, Measures: []query.Measure{{Kind: query.CountPeople}}, GroupBy: []string{"ae_attendances.age_band"}}, 0},
	} {
		before := cache.Answered()
		compareCached(t, fmt.Sprint(c.q.Datasets), e, &cached, c.q, disclosure.Rules{}, nil)
		if got := cache.Answered() - before; got != c.memory {
			t.Errorf("%v: %d answers from memory, want %d", c.q.Datasets, got, c.memory)
		}
	}
	if cache.Rows() != 600 {
		t.Errorf("%d rows held after asking about A&E, want 600", cache.Rows())
	}
}

// TestCacheNeverServesRetractedRows: an operator retracts a load (and an
// officer confirms) while its rows are held in memory; the next answer
// already leaves them out (by SQL), and so does every answer from memory
// after, as a retraction changes the dataset's revision.
func TestCacheNeverServesRetractedRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := st.New(t, st.WithQueryCache(1<<30))
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, dir, synth.Options{People: 300, Seed: 12}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "patients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := e.Loads.Load(ctx, st.Otto, ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	cat := e.Files.Catalogue()
	e.QueryCache.Warm(cat)
	store := e.Answers.Runner.(*postgres.QueryStore)
	v, err := query.Validate(query.Query{Datasets: []string{"patients"}, Measures: []query.Measure{{Kind: query.CountPeople}}}, cat, query.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ask := func() (int64, bool) {
		before := e.QueryCache.Answered()
		raw, err := store.Run(ctx, cat, v, nil, disclosure.Rules{}, admitAll)
		if err != nil {
			t.Fatal(err)
		}
		return raw.Table.Cells[0].People, e.QueryCache.Answered() > before
	}
	if n, memory := ask(); n != loaded.RowsStored || n == 0 || !memory {
		t.Fatalf("before the retraction: %d people (from memory: %v), want the %d loaded, from memory", n, memory, loaded.RowsStored)
	}
	if _, err := e.Loads.Retract(ctx, st.Otto, loaded.ID, "a file for another region"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Loads.ConfirmRetraction(ctx, st.GovA, loaded.ID); err != nil {
		t.Fatal(err)
	}
	n, memory := ask()
	for deadline := time.Now().Add(time.Minute); n == 0 && !memory && time.Now().Before(deadline); n, memory = ask() {
		time.Sleep(20 * time.Millisecond)
	}
	if n != 0 || !memory {
		t.Fatalf("after the retraction: %d people (from memory: %v), want none, and from memory once read again", n, memory)
	}
}

// noIdentifiers fails when text holds any pseudonym of e's patients (raw,
// in hex or in base64) or any NHS number of its synthetic files.
func noIdentifiers(t *testing.T, e *queryEnv, text string) {
	t.Helper()
	rows, err := e.db.Pool.Query(context.Background(), `SELECT pid FROM ds_patients_v1`)
	if err != nil {
		t.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil || len(pids) == 0 {
		t.Fatalf("%d pseudonyms: %v", len(pids), err)
	}
	for _, pid := range pids {
		for _, form := range []string{string(pid), hex.EncodeToString(pid), base64.StdEncoding.EncodeToString(pid)} {
			if strings.Contains(text, form) {
				t.Fatalf("a pseudonym in:\n%s", text)
			}
		}
	}
	csv, err := os.ReadFile(filepath.Join(e.dir, "patients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	numbers := regexp.MustCompile(`\b\d{10}\b`).FindAllString(string(csv), -1)
	if len(numbers) == 0 {
		t.Fatal("no NHS numbers found in patients.csv to look for")
	}
	for _, nhs := range numbers {
		if strings.Contains(text, nhs) {
			t.Fatalf("NHS number %s in:\n%s", nhs, text)
		}
	}
}
