package postgres_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/enclave/query"
	demomappings "github.com/research-enclave/enclave/mappings"
)

// standbyEnv is a query environment with a hot standby of its database,
// and one store over it for each way a standby that cannot answer is met.
type standbyEnv struct {
	*queryEnv
	standby  *pgtest.Standby
	fallback *postgres.QueryStore // runs on the primary instead
	refuse   *postgres.QueryStore // fails the query as unavailable
}

// newStandbyEnv's stores wait as long as a standby that replays needs:
// tests of one that does not shorten it.
func newStandbyEnv(t *testing.T, people int) *standbyEnv {
	t.Helper()
	e := &standbyEnv{queryEnv: newQueryEnv(t, people)}
	e.standby = e.pdb.NewStandby(t)
	sdb, err := postgres.OpenStandby(context.Background(), e.standby.ServiceURL, 4, e.db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sdb.Close)
	fallback, refuse := *e.store, *e.store
	fallback.Standby = &postgres.Standby{DB: sdb, Wait: time.Minute}
	refuse.Standby = &postgres.Standby{DB: sdb, Wait: time.Minute, Refuse: true}
	e.fallback, e.refuse = &fallback, &refuse
	return e
}

// answer runs q with the ndoo list applied on store.
func (e *standbyEnv) answer(t *testing.T, store *postgres.QueryStore, q query.Query) (answer.Raw, error) {
	t.Helper()
	v, err := query.Validate(q, e.cat, query.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return store.Run(context.Background(), e.cat, v, []string{"ndoo"}, disclosure.Rules{}, admitAll)
}

// same fails unless store answers q exactly as the primary alone does now:
// the same cells and people, and the same manifest of data revisions,
// opt-out versions and keys.
func (e *standbyEnv) same(t *testing.T, store *postgres.QueryStore, q query.Query) answer.Raw {
	t.Helper()
	got, err := e.answer(t, store, q)
	if err != nil {
		t.Fatal(err)
	}
	want, err := e.answer(t, e.store, q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answered\n%+v\nthe primary alone answers\n%+v", got, want)
	}
	return got
}

// loadOptOut loads the national data opt-out on the primary.
func (e *standbyEnv) loadOptOut(t *testing.T) enclave.OptOutVersion {
	t.Helper()
	f, err := os.Open(filepath.Join(e.dir, "optout_ndoo.dat"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := e.opt.Load(context.Background(), operator("otto"), enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}, f)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Version
}

// loadAttendances loads the first rows of the synthetic A&E attendances
// again on the primary: a new load, so a new data revision.
func (e *standbyEnv) loadAttendances(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dir, "ae_attendances.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	maps, err := ingest.LoadMappings(demomappings.FS, e.cat)
	if err != nil {
		t.Fatal(err)
	}
	loads := &ingest.Service{Store: &postgres.LoadStore{DB: e.db}, Mappings: func() *ingest.Mappings { return maps },
		Pseudonymiser: e.opt.Pseudonymiser, Audit: e.opt.Audit, Now: time.Now}
	body := strings.NewReader(strings.Join(lines[:41], ""))
	if _, err := loads.Load(context.Background(), operator("otto"), ingest.Request{Dataset: "ae_attendances", Mapping: "synth_ae_attendances"}, body); err != nil {
		t.Fatal(err)
	}
}

var (
	standbyBySex = query.Query{Datasets: []string{"patients"}, Measures: []query.Measure{{Kind: query.CountPeople}}, GroupBy: []string{"patients.sex"}, Totals: true}
	standbyJoin  = query.Query{
		Datasets: []string{"ae_attendances", "patients"},
		Measures: []query.Measure{{Kind: query.CountPeople}, {Kind: query.CountEvents, Dataset: "ae_attendances"}},
		GroupBy:  []string{"patients.sex", "ae_attendances.alcohol_related"}, Totals: true,
	}
)

// TestStandbyAnswersAsThePrimary: through a standby that has caught up,
// answers and their manifests equal the primary's, including just after a
// load and a list were committed on the primary. The store that refuses rather than fall
// back shows the standby answered.
func TestStandbyAnswersAsThePrimary(t *testing.T) {
	e := newStandbyEnv(t, 1000)
	for _, q := range []query.Query{standbyBySex, standbyJoin} {
		e.same(t, e.refuse, q)
	}
	before := e.same(t, e.refuse, standbyJoin).DataRevisions["ae_attendances"]
	e.loadAttendances(t)
	if after := e.same(t, e.refuse, standbyJoin).DataRevisions["ae_attendances"]; after == before {
		t.Errorf("answered with data revision %s, as before the load just committed", after)
	}
	v := e.loadOptOut(t)
	raw := e.same(t, e.refuse, standbyBySex)
	if raw.OptOutVersions["ndoo"] != v.Version {
		t.Errorf("answered with ndoo version %d, want %d, loaded just before", raw.OptOutVersions["ndoo"], v.Version)
	}
	if total := count(t, raw.Table, "*"); total != 1000-v.Entries {
		t.Errorf("%d people, want %d with the list loaded just before applied", total, 1000-v.Entries)
	}
}

// TestStandbyBehind: while the standby's replay is paused, a load and a
// list committed on the primary just before a query are not there, so the
// query runs on the primary, with both read and named, or is refused as
// unavailable; once the standby catches up it answers again.
func TestStandbyBehind(t *testing.T) {
	e := newStandbyEnv(t, 1000)
	e.same(t, e.refuse, standbyBySex)
	before := e.same(t, e.refuse, standbyJoin).DataRevisions["ae_attendances"]
	e.standby.PauseReplay(t)
	v := e.loadOptOut(t)
	e.loadAttendances(t)
	// Not a time limit of the test: paused, the standby never catches up.
	e.fallback.Standby.Wait, e.refuse.Standby.Wait = 20*time.Millisecond, 20*time.Millisecond

	raw := e.same(t, e.fallback, standbyBySex)
	if raw.OptOutVersions["ndoo"] != v.Version || count(t, raw.Table, "*") != 1000-v.Entries {
		t.Errorf("fell back with ndoo version %d and %d people, want version %d and %d",
			raw.OptOutVersions["ndoo"], count(t, raw.Table, "*"), v.Version, 1000-v.Entries)
	}
	if raw := e.same(t, e.fallback, standbyJoin); raw.DataRevisions["ae_attendances"] == before {
		t.Errorf("fell back with data revision %s, as before the load just committed", before)
	}
	_, err := e.answer(t, e.refuse, standbyBySex)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || !strings.Contains(err.Error(), "has not caught up with the primary within 20ms") {
		t.Errorf("refused with %v, want unavailable: not caught up", err)
	}

	e.standby.ResumeReplay(t)
	e.refuse.Standby.Wait = time.Minute
	if raw := e.same(t, e.refuse, standbyBySex); raw.OptOutVersions["ndoo"] != v.Version {
		t.Errorf("caught up, answered with ndoo version %d, want %d", raw.OptOutVersions["ndoo"], v.Version)
	}
}

// TestStandbyDown: with the standby stopped, queries run on the primary,
// or are refused as unavailable.
func TestStandbyDown(t *testing.T) {
	e := newStandbyEnv(t, 500)
	e.same(t, e.refuse, standbyBySex)
	e.standby.Stop(t)
	e.same(t, e.fallback, standbyBySex)
	_, err := e.answer(t, e.refuse, standbyBySex)
	if enclave.ErrorCode(err) != enclave.CodeUnavailable || !strings.Contains(err.Error(), "the query replica") {
		t.Errorf("refused with %v, want unavailable: the query replica", err)
	}
}

// TestOpenStandbyRefusesAPrimary: a query database that is not a hot
// standby of the primary is refused at start.
func TestOpenStandbyRefusesAPrimary(t *testing.T) {
	t.Parallel()
	pdb := pgtest.New(t)
	_, err := postgres.OpenStandby(context.Background(), pdb.ServiceURL, 2, pdb.Open(t))
	if err == nil || !strings.Contains(err.Error(), "not a hot standby") {
		t.Errorf("OpenStandby of the primary itself = %v, want an error: not a hot standby", err)
	}
}
