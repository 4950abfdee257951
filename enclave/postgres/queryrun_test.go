package postgres_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/differencing"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/enclave/query"
	"github.com/research-enclave/enclave/internal/synth"
	demomappings "github.com/research-enclave/enclave/mappings"
	"github.com/research-enclave/enclave/pseudonym"
)

// queryEnv is a database holding a synthetic population, loaded as the
// service would, and a query store over it.
type queryEnv struct {
	store *postgres.QueryStore
	cat   *catalogue.Catalogue
	db    *postgres.DB
	opt   *enclave.OptOuts
	dir   string
	pdb   *pgtest.DB // for changes no service role may make
}

func newQueryEnv(t *testing.T, people int) *queryEnv {
	t.Helper()
	ctx := context.Background()
	pdb := pgtest.New(t)
	db := pdb.Open(t)
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		t.Fatal(err)
	}
	maps, err := ingest.LoadMappings(demomappings.FS, cat)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := pseudonym.NewDevKey([]byte("a-query-test-key-of-32-bytes!!!!"), 1)
	ps := pseudonym.LocalPseudonymiser{Key: key}
	aud := &enclave.Audit{Store: &postgres.AuditStore{DB: db}, Origin: "enclave.test/audit", HMACKey: []byte("test-audit-hmac-key-of-32-bytes!"), Now: time.Now}
	tokens := &enclave.Tokens{Store: &postgres.TokenStore{DB: db}, Audit: aud, Now: time.Now}
	if _, _, err := tokens.Bootstrap(ctx, "otto", "", time.Hour); err != nil {
		t.Fatal(err)
	}
	e := &queryEnv{cat: cat, db: db, dir: t.TempDir(), pdb: pdb,
		store: &postgres.QueryStore{DB: db, ServiceRole: pgtest.ServiceRole, Timeout: 30 * time.Second, MaxCells: 10000, Members: true},
		opt:   &enclave.OptOuts{Store: &postgres.OptOutStore{DB: db}, Audit: aud, Pseudonymiser: ps, MaxAge: 35 * 24 * time.Hour, Now: time.Now},
	}
	if _, err := synth.Generate(ctx, e.dir, synth.Options{People: people, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	loads := &ingest.Service{Store: &postgres.LoadStore{DB: db}, Mappings: func() *ingest.Mappings { return maps }, Pseudonymiser: ps, Audit: aud, Now: time.Now}
	for _, ds := range []string{"patients", "ae_attendances", "gp_events"} {
		f, err := os.Open(filepath.Join(e.dir, ds+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = loads.Load(ctx, operator("otto"), ingest.Request{Dataset: ds, Mapping: "synth_" + ds}, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *queryEnv) run(t *testing.T, q query.Query, lists ...string) disclosure.Table {
	t.Helper()
	return e.runWith(t, q, disclosure.Rules{}, lists...)
}

// runWith runs q for rules, which say what the store must supply besides
// the counts.
func (e *queryEnv) runWith(t *testing.T, q query.Query, rules disclosure.Rules, lists ...string) disclosure.Table {
	t.Helper()
	v, err := query.Validate(q, e.cat, query.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := e.store.Run(context.Background(), e.cat, v, lists, rules, admitAll)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lists {
		if _, ok := raw.OptOutVersions[l]; !ok && l != "type1" {
			t.Errorf("no version reported for list %s: %v", l, raw.OptOutVersions)
		}
	}
	for i, c := range raw.Table.Cells {
		if people := differencing.NewSet(c.Members).Len(); int64(people) != c.People {
			t.Errorf("cell %d: %d people but %d distinct member keys", i, c.People, people)
		}
	}
	return raw.Table
}

// count is the people in the cell whose keys are want ("*" for a total).
func count(t *testing.T, tab disclosure.Table, want ...string) int64 {
	t.Helper()
	for _, c := range tab.Cells {
		match := len(c.Keys) == len(want)
		for i, k := range c.Keys {
			match = match && ((want[i] == "*" && k.Total) || (!k.Total && k.Value == want[i]))
		}
		if match {
			return c.People
		}
	}
	t.Fatalf("no cell %v in %+v", want, tab.Cells)
	return 0
}

func TestQueryCountsAndOptOuts(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 2000)
	bySex := query.Query{Datasets: []string{"patients"}, Measures: []query.Measure{{Kind: query.CountPeople}}, GroupBy: []string{"patients.sex"}, Totals: true}
	tab := e.run(t, bySex)
	if all := count(t, tab, "*"); all != 2000 {
		t.Errorf("%d people in the total, want 2000", all)
	}
	if f, m := count(t, tab, "F"), count(t, tab, "M"); f+m > 2000 || f < 800 || m < 800 {
		t.Errorf("F %d, M %d", f, m)
	}

	// The national data opt-out, loaded now, applies to the next query.
	f, err := os.Open(filepath.Join(e.dir, "optout_ndoo.dat"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := e.opt.Load(context.Background(), operator("otto"), enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}, f)
	if err != nil {
		t.Fatal(err)
	}
	after := count(t, e.run(t, bySex, "ndoo"), "*")
	if after != 2000-rep.Version.Entries {
		t.Errorf("%d people after the opt-out, want %d", after, 2000-rep.Version.Entries)
	}
	if none := e.run(t, bySex, "type1"); len(none.Cells) != 1 || count(t, none, "*") != 0 {
		t.Errorf("a missing Type 1 list must keep no one: %+v", none.Cells)
	}
}

// TestQueryJoinCountsRowsOnce: joining patients (one row a person) and A&E
// (several a person) counts each attendance once, and a cohort restricts
// the people.
func TestQueryJoinCountsRowsOnce(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 2000)
	var attendances int64
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM ds_ae_attendances_v1 WHERE alcohol_related`).Scan(&attendances); err != nil {
		t.Fatal(err)
	}
	tab := e.run(t, query.Query{
		Datasets: []string{"ae_attendances", "gp_events", "patients"},
		Measures: []query.Measure{{Kind: query.CountPeople}, {Kind: query.CountEvents, Dataset: "ae_attendances"}},
		Filters:  []query.Filter{{Column: "ae_attendances.alcohol_related", Op: query.Eq, Values: []query.Value{"true"}}},
		GroupBy:  []string{"patients.sex"}, Totals: true,
	})
	var events int64
	for _, c := range tab.Cells {
		if c.Keys[0].Total {
			events = c.Events
		}
	}
	if events == 0 || events > attendances {
		t.Errorf("%d alcohol-related attendances counted among people with GP events, of %d in all", events, attendances)
	}
	cohort := e.run(t, query.Query{
		Datasets: []string{"patients"}, Measures: []query.Measure{{Kind: query.CountPeople}},
		Cohort: &query.Cohort{Dataset: "ae_attendances", Filters: []query.Filter{{Column: "ae_attendances.alcohol_related", Op: query.Eq, Values: []query.Value{"true"}}}},
	})
	var people int64
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(DISTINCT pid) FROM ds_ae_attendances_v1 WHERE alcohol_related`).Scan(&people); err != nil {
		t.Fatal(err)
	}
	if got := cohort.Cells[0].People; got != people {
		t.Errorf("cohort of %d people, want %d", got, people)
	}
}

// TestResearchRoleReadsResearchDataOnly: what a query runs as cannot read
// tokens, projects or the audit log, and cannot write.
func TestResearchRoleReadsResearchDataOnly(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 50)
	for _, stmt := range []string{
		"SELECT count(*) FROM api_tokens", "SELECT count(*) FROM projects", "SELECT count(*) FROM audit_events",
		"INSERT INTO ds_patients_v1 (load_id, pid) VALUES (1, '\\x00')",
	} {
		tx, err := e.db.Pool.Begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		_, err = tx.Exec(context.Background(), "SET LOCAL ROLE "+postgres.ResearchRole(pgtest.ServiceRole))
		if err == nil {
			_, err = tx.Exec(context.Background(), stmt)
		}
		_ = tx.Rollback(context.Background())
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("the research role ran %q: %v", stmt, err)
		}
	}
}

// TestQueryOptOutsAgreeWithTheFunction: for deny and allow lists, alone and
// together, the generated exclusion keeps exactly the people optout_permits
// permits.
func TestQueryOptOutsAgreeWithTheFunction(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 1000)
	ctx := context.Background()
	f, err := os.Open(filepath.Join(e.dir, "optout_ndoo.dat"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := e.opt.Load(ctx, operator("otto"), enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}, f); err != nil {
		t.Fatal(err)
	}
	// Type 1 as an allow list: the first 400 people only.
	b, err := os.ReadFile(filepath.Join(e.dir, "patients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var allow strings.Builder
	for _, line := range strings.Split(string(b), "\n")[1:401] {
		allow.WriteString(strings.SplitN(line, ",", 2)[0] + "\n")
	}
	if _, err := e.opt.Load(ctx, operator("otto"), enclave.OptOutRequest{List: optout.ListType1, Form: optout.FormAllow}, strings.NewReader(allow.String())); err != nil {
		t.Fatal(err)
	}
	all := query.Query{Datasets: []string{"patients"}, Measures: []query.Measure{{Kind: query.CountPeople}}}
	for _, lists := range [][]string{{}, {"ndoo"}, {"type1"}, {"ndoo", "type1"}} {
		var want int64
		if err := e.db.Pool.QueryRow(ctx, `SELECT count(DISTINCT pid) FROM ds_patients_v1 WHERE optout_permits(pid, $1)`, lists).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got := e.run(t, all, lists...).Cells[0].People; got != want {
			t.Errorf("lists %v: %d people, optout_permits keeps %d", lists, got, want)
		}
	}
}

// admitAll is an admit that accepts any keys: these tests are of the
// store, and answer decides which keys to admit.
func admitAll([]answer.KeyID) error { return nil }

// TestQueryAdmitsByKeys: before reading any research data, the store hands
// admit the keys of the data a query reads and of the lists it applies,
// each once, and admit's refusal ends the run with it. An opt-out list
// pseudonymised with another key than the data makes two.
func TestQueryAdmitsByKeys(t *testing.T) {
	t.Parallel()
	e := newQueryEnv(t, 200)
	q := query.Query{Datasets: []string{"patients"}, Measures: []query.Measure{{Kind: query.CountPeople}}}
	v, err := query.Validate(q, e.cat, query.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []answer.KeyID
	raw, err := e.store.Run(context.Background(), e.cat, v, nil, disclosure.Rules{}, func(keys []answer.KeyID) error { seen = keys; return nil })
	if want := []answer.KeyID{{Version: 1, Dev: true}}; err != nil || !slices.Equal(seen, want) || !slices.Equal(raw.Keys, want) {
		t.Fatalf("key of the data: admit saw %v, raw has %v, %v; want %v", seen, raw.Keys, err, want)
	}
	other := *e.opt
	key2, _ := pseudonym.NewDevKey([]byte("another-key-of-thirty-two-bytes!"), 2)
	other.Pseudonymiser = pseudonym.LocalPseudonymiser{Key: key2}
	f, err := os.Open(filepath.Join(e.dir, "optout_ndoo.dat"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := other.Load(context.Background(), operator("otto"), enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}, f); err != nil {
		t.Fatal(err)
	}
	refusal := errors.New("two keys")
	raw, err = e.store.Run(context.Background(), e.cat, v, []string{"ndoo"}, disclosure.Rules{}, func(keys []answer.KeyID) error { seen = keys; return refusal })
	if want := []answer.KeyID{{Version: 1, Dev: true}, {Version: 2, Dev: true}}; !slices.Equal(seen, want) {
		t.Errorf("a list keyed otherwise: admit saw %v, want %v", seen, want)
	}
	if err != refusal || raw.Table.Cells != nil {
		t.Errorf("a list keyed otherwise, refused by admit: %v, %d cells; want admit's error and no table", err, len(raw.Table.Cells))
	}
}
