package httpapi

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/query"
	"github.com/research-enclave/enclave/internal/synth"
)

// queryAPI is a governance API holding a synthetic population of 2,000, its
// opt-out lists, and two approved, active projects led by lead-1 with
// researcher-1: one under s251 support (both opt-outs apply), one under
// consent (neither does).
type queryAPI struct {
	*testAPI
	s251, consent string
	dir           string
}

const queryScope = `{"patients":["sex","year_of_birth"],"ae_attendances":["alcohol_related","age_band","arrival_date","wait_minutes"]}`

func newQueryAPI(t testing.TB, catalogueFS ...fs.FS) *queryAPI {
	t.Helper()
	api := governanceAPI(t, catalogueFS...)
	q := &queryAPI{testAPI: api, dir: t.TempDir()}
	ctx := context.Background()
	if _, err := synth.Generate(ctx, q.dir, synth.Options{People: 2000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	for _, ds := range []string{"patients", "ae_attendances"} {
		q.loadFile(t, ds+".csv", func(f *os.File) error {
			_, err := api.loads.Load(ctx, otto, ingest.Request{Dataset: ds, Mapping: "synth_" + ds}, f)
			return err
		})
	}
	for _, l := range []optout.List{optout.ListNDOO, optout.ListType1} {
		q.loadFile(t, "optout_"+string(l)+".dat", func(f *os.File) error {
			_, err := api.optouts.Load(ctx, otto, enclave.OptOutRequest{List: l, Form: optout.FormDeny}, f)
			return err
		})
	}
	approve := func(basis string) string {
		body := strings.Replace(validDraft, `{"patients":["sex","year_of_birth"]}`, queryScope, 1)
		body = strings.Replace(body, `"s251_standard"`, `"`+basis+`"`, 1)
		id := api.mustAct(t, "gov-a", "POST", "/v1/projects", body).ID
		api.mustAct(t, "gov-a", "POST", "/v1/projects/"+id+"/submit", "")
		api.mustAct(t, "gov-b", "POST", "/v1/projects/"+id+"/approve", "")
		return id
	}
	q.s251, q.consent = approve("s251_standard"), approve("consent")
	return q
}

func (q *queryAPI) loadFile(t testing.TB, name string, load func(*os.File) error) {
	t.Helper()
	f, err := os.Open(filepath.Join(q.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := load(f); err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
}

// ask runs a query as who and returns the status, the answer and the body.
func (q *queryAPI) ask(t testing.TB, who, project, body string) (int, answer.Answer, string) {
	t.Helper()
	status, _, resp := q.callAs(t, who, "POST", "/v1/projects/"+project+"/queries", body)
	var a answer.Answer
	if status == http.StatusOK {
		if err := json.Unmarshal([]byte(resp), &a); err != nil {
			t.Fatalf("answer: %v: %s", err, resp)
		}
	}
	return status, a, resp
}

// total is the released count of people in the all-totals cell.
func total(t *testing.T, a answer.Answer) int64 {
	t.Helper()
	for _, c := range a.Result.Cells {
		all := true
		for _, k := range c.Keys {
			all = all && k.Total
		}
		if all && c.People != nil {
			return *c.People
		}
	}
	t.Fatalf("no released total in %+v", a.Result.Cells)
	return 0
}

const bySexJSON = `{"datasets":["patients"],"measures":[{"kind":"count_people"}],"group_by":["patients.sex"],"totals":true}`

func TestQueryAnswersWithManifestAndAudit(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	status, a, body := q.ask(t, "researcher-1", q.s251, bySexJSON)
	if status != http.StatusOK {
		t.Fatalf("query: %d %s", status, body)
	}
	m := a.Manifest
	if m.Rules.Threshold != 10 || m.Rules.Rounding != 5 || m.OptOutLists["ndoo"] != 1 || m.OptOutLists["type1"] != 1 ||
		m.DatasetVersions["patients"] != 1 || !strings.HasPrefix(m.QueryHash, "sha256:") || m.PolicyRevision == "" {
		t.Errorf("manifest %+v", m)
	}
	for _, c := range a.Result.Cells {
		if c.People != nil && (*c.People%5 != 0 || (*c.People > 0 && *c.People < 10)) {
			t.Errorf("released count %d is not rounded to 5 or is below 10", *c.People)
		}
	}
	// The same question as SQL has the same hash.
	sql, _ := json.Marshal(map[string]string{"sql": "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY CUBE (sex)"})
	if status, b, body := q.ask(t, "researcher-1", q.s251, string(sql)); status != http.StatusOK || b.Manifest.QueryHash != m.QueryHash {
		t.Errorf("SQL form: %d, hash %s, want %s: %s", status, b.Manifest.QueryHash, m.QueryHash, body)
	}
	q.wantAudited(t, q.s251, "query.run", "success")

	// Opted-out people are counted under consent, not under s251 support.
	_, c, _ := q.ask(t, "researcher-1", q.consent, bySexJSON)
	// (Some of the 2,000 were born after the test clock's load date, so not loaded.)
	if withOptOuts, without := total(t, a), total(t, c); without < 1900 || withOptOuts >= without-50 {
		t.Errorf("total %d under s251, %d under consent", withOptOuts, without)
	}
}

func TestQueryRefusals(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	q.enrol(t, "outsider-1", enclave.RoleResearcher)
	for _, c := range []struct {
		name, who, body string
		status          int
		want            string
	}{
		{"a researcher outside the project", "outsider-1", bySexJSON, http.StatusNotFound, "no such project"},
		{"a column out of scope", "researcher-1", `{"datasets":["ae_attendances"],"measures":[{"kind":"count_people"}],"group_by":["ae_attendances.diagnosis_code"]}`, http.StatusForbidden, "scope.column_not_approved"},
		{"a dataset out of scope", "researcher-1", `{"datasets":["gp_events"],"measures":[{"kind":"count_people"}]}`, http.StatusForbidden, "scope.dataset_not_approved"},
		{"a group-by on an identifier", "researcher-1", `{"datasets":["patients"],"measures":[{"kind":"count_people"}],"group_by":["patients.pid"]}`, http.StatusBadRequest, "query.invalid"},
		{"too many group-by columns", "researcher-1", `{"datasets":["patients","ae_attendances"],"measures":[{"kind":"count_people"}],"group_by":["patients.sex","patients.year_of_birth","ae_attendances.age_band","ae_attendances.alcohol_related","ae_attendances.arrival_date"]}`, http.StatusBadRequest, "query.invalid"},
		{"SQL outside the subset", "researcher-1", `{"sql":"SELECT * FROM patients"}`, http.StatusBadRequest, "^"},
	} {
		status, _, body := q.ask(t, c.who, q.s251, c.body)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s, want %d mentioning %q", c.name, status, body, c.status, c.want)
		}
	}
	q.wantAudited(t, q.s251, "project.use", "denied")
	q.wantAudited(t, q.s251, "query.run", "denied")

	q.mustAct(t, "gov-c", "POST", "/v1/projects/"+q.s251+"/suspend", `{"reason":"review"}`)
	if status, _, body := q.ask(t, "researcher-1", q.s251, bySexJSON); status != http.StatusForbidden || !strings.Contains(body, "project.suspended") {
		t.Errorf("a suspended project: %d %s", status, body)
	}
}

// TestNewOptOutListChangesTheNextAnswer: a larger national opt-out list
// applies to the very next query.
func TestNewOptOutListChangesTheNextAnswer(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	_, before, _ := q.ask(t, "researcher-1", q.s251, bySexJSON)
	// Everyone in the first 300 lines of patients.csv opts out as well.
	b, err := os.ReadFile(filepath.Join(q.dir, "patients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var list strings.Builder
	for _, line := range strings.Split(string(b), "\n")[1:301] {
		list.WriteString(strings.SplitN(line, ",", 2)[0] + "\n")
	}
	if _, err := q.optouts.Load(context.Background(), otto, enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}, strings.NewReader(list.String())); err != nil {
		t.Fatal(err)
	}
	_, after, _ := q.ask(t, "researcher-1", q.s251, bySexJSON)
	if after.Manifest.OptOutLists["ndoo"] != 2 || total(t, after) >= total(t, before) {
		t.Errorf("before %d (ndoo v%d), after %d (ndoo v%d)", total(t, before), before.Manifest.OptOutLists["ndoo"], total(t, after), after.Manifest.OptOutLists["ndoo"])
	}
}

// TestQueriesRunConcurrently: queries from several clients at once are all
// answered, each audited, and the log still verifies.
func TestQueriesRunConcurrently(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	const clients = 8
	var wg sync.WaitGroup
	statuses := make([]int, clients)
	for i := range clients {
		wg.Go(func() { statuses[i], _, _ = q.ask(t, "researcher-1", q.s251, bySexJSON) })
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("client %d: %d", i, s)
		}
	}
	evs, err := q.auditLog.Events(context.Background(), enclave.AuditFilter{Kind: "query.run", Outcome: "success", After: -1})
	if err != nil || len(evs) != clients {
		t.Errorf("%d query.run events (%v), want %d", len(evs), err, clients)
	}
}

func TestExpiredProjectGetsNoAnswer(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	q.setClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) // the projects ended on 2025-12-31
	q.loadOptOutLists(t)
	if status, _, body := q.ask(t, "researcher-1", q.s251, bySexJSON); status != http.StatusForbidden || !strings.Contains(body, "project.expired") {
		t.Errorf("an expired project: %d %s", status, body)
	}
}

// TestPreflightReadsNoData: the check says what would happen, under which
// rules, without running the query or recording an answer; a query out of
// scope is refused as it would be.
func TestPreflightReadsNoData(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	body := `{"sql":"SELECT age_band, sex, COUNT(DISTINCT person), AVG(wait_minutes) FROM ae_attendances JOIN patients USING (person) WHERE alcohol_related GROUP BY CUBE (age_band, sex)"}`
	status, _, resp := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries/check", body)
	if status != http.StatusOK {
		t.Fatalf("check: %d %s", status, resp)
	}
	var pre answer.Preflight
	if err := json.Unmarshal([]byte(resp), &pre); err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, n := range pre.Notes {
		rules[n.Rule+" "+n.Subject] = true
	}
	for _, want := range []string{"primary ", "primary patients.sex", "secondary ", "measure_threshold mean(ae_attendances.wait_minutes)",
		"dominance mean(ae_attendances.wait_minutes)", "p_percent mean(ae_attendances.wait_minutes)"} {
		if !rules[want] {
			t.Errorf("no note %q in %+v", want, pre.Notes)
		}
	}
	if pre.Rules.Threshold != 10 || len(pre.OptOutLists) != 2 || !strings.HasPrefix(pre.QueryHash, "sha256:") {
		t.Errorf("preflight %+v", pre)
	}
	if evs, _ := q.auditLog.Events(context.Background(), enclave.AuditFilter{Kind: "query.run", After: -1}); len(evs) != 0 {
		t.Errorf("a check recorded %d query.run events", len(evs))
	}
	status, _, resp = q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries/check", `{"datasets":["gp_events"],"measures":[{"kind":"count_people"}]}`)
	if status != http.StatusForbidden || !strings.Contains(resp, "scope.dataset_not_approved") {
		t.Errorf("check out of scope: %d %s", status, resp)
	}
}

// TestQueryThatRunsOutOfTimeIsAudited: a query cut off by its deadline is
// still recorded, with the deadline's own context long gone.
func TestQueryThatRunsOutOfTimeIsAudited(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	v, err := query.Parse("SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex")
	if err != nil {
		t.Fatal(err)
	}
	researcher := enclave.Actor{Principal: enclave.Principal{ID: "researcher-1", Role: enclave.RoleResearcher}}
	ctx, cancel := context.WithCancel(context.Background())
	q.answers.Runner = cancelling{q.answers.Runner, cancel}
	if _, err := q.answers.Run(ctx, researcher, q.s251, v); err == nil {
		t.Fatal("a query whose context ended mid-run was answered")
	}
	q.wantAudited(t, q.s251, "query.run", "failure")
}

// cancelling ends the request's context, as a deadline would, then runs.
type cancelling struct {
	answer.Runner
	cancel context.CancelFunc
}

func (c cancelling) Run(ctx context.Context, cat *catalogue.Catalogue, v query.Query, lists []string, rules disclosure.Rules, admit func([]answer.KeyID) error) (answer.Raw, error) {
	c.cancel()
	return c.Runner.Run(ctx, cat, v, lists, rules, admit)
}
