package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/audit"
)

const bySex = "SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex"

// withData is a site with synthetic data and an approved project its
// researcher is a member of.
func withData(t testing.TB) (*site, string) {
	s := newSite(t)
	s.env.LoadSynthetic(t, 2000)
	return s, s.env.Approved(t, s.draft()).ID
}

var answerPath = regexp.MustCompile(`^/answers/[A-Za-z0-9_-]{22}$`)

// TestResearcherChecksAndRunsQuery: the researcher checks a query, runs it
// and downloads it; the page, the CSV and the JSON hold the cells the API
// gives for the same query, and both runs are audited as query.run.
func TestResearcherChecksAndRunsQuery(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	b := s.signedIn(t, enclave.RoleResearcher)
	resp, body := b.get("/projects/" + project + "/query")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<label for="sql">`) {
		t.Fatalf("query page: %d\n%s", resp.StatusCode, body)
	}
	resp, body = b.post("/projects/"+project+"/query/check", url.Values{"sql": {bySex}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "this query would be allowed") || !strings.Contains(body, "sha256:") {
		t.Fatalf("check: %d\n%s", resp.StatusCode, body)
	}
	before := len(s.env.Events(t, enclave.AuditFilter{}))
	resp, _ = b.post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}})
	pageEvents := recorded(t, s, before)
	at := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !answerPath.MatchString(at) {
		t.Fatalf("run: %d to %q, want 303 to the answer", resp.StatusCode, at)
	}
	resp, page := b.get(at)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Manifest") {
		t.Fatalf("answer page: %d\n%s", resp.StatusCode, page)
	}
	_, csvBody := b.get(at + "/csv")
	got, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	_, jsonBody := b.get(at + "/json")
	var fromWeb answer.Answer
	if err := json.Unmarshal([]byte(jsonBody), &fromWeb); err != nil {
		t.Fatal(err)
	}

	before = len(s.env.Events(t, enclave.AuditFilter{}))
	fromAPI := s.apiQuery(t, project, bySex)
	if apiEvents := recorded(t, s, before); !slices.Equal(pageEvents, apiEvents) {
		t.Errorf("the page's run recorded\n%v\nthe API's\n%v", pageEvents, apiEvents)
	}
	head, rows := answer.Table(fromAPI.Result)
	want := [][]string{head}
	for _, row := range rows {
		var r []string
		for _, c := range row {
			r = append(r, c.String())
			if c.Hidden == "" && !strings.Contains(page, ">"+c.Text+"</td>") {
				t.Errorf("the answer page lacks the API's cell %q", c.Text)
			}
		}
		want = append(want, r)
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("CSV download\n%v\nwant the API's cells\n%v", got, want)
	}
	if fromWeb.Manifest.QueryHash != fromAPI.Manifest.QueryHash || len(fromWeb.Result.Cells) != len(fromAPI.Result.Cells) {
		t.Errorf("JSON download %+v, want the API's answer %+v", fromWeb.Manifest, fromAPI.Manifest)
	}
	evs := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindQueryRun), TargetType: "project", TargetID: project, Outcome: string(audit.OutcomeSuccess)})
	if len(evs) != 2 || evs[0].Principal != s.id[enclave.RoleResearcher] {
		t.Errorf("query.run events %+v, want two, the web's as the researcher", evs)
	}
	checks := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindQueryCheck), TargetType: "project", TargetID: project})
	if len(checks) != 1 {
		t.Errorf("%d query.check events, want the page's one", len(checks))
	}
}

// recorded describes the events recorded after the first n: who did what
// to what, with which outcome.
func recorded(t *testing.T, s *site, n int) []string {
	t.Helper()
	var out []string
	for _, e := range s.env.Events(t, enclave.AuditFilter{})[n:] {
		out = append(out, strings.Join([]string{e.Principal, e.Role, string(e.Kind), e.TargetType, e.TargetID, string(e.Outcome)}, " "))
	}
	return out
}

// TestInvalidQueryShowsOnForm: a query outside the restricted SQL is
// refused on the form, which keeps it for correcting.
func TestInvalidQueryShowsOnForm(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	b := s.signedIn(t, enclave.RoleResearcher)
	resp, body := b.post("/projects/"+project+"/query/check", url.Values{"sql": {"DELETE FROM patients"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "The query was not accepted") || !strings.Contains(body, "DELETE FROM patients</textarea>") {
		t.Errorf("invalid query: %d\n%s", resp.StatusCode, body)
	}
}

// apiQuery runs sql on project through the API, as the researcher.
func (s *site) apiQuery(t *testing.T, project, sql string) answer.Answer {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"sql": sql})
	req, _ := http.NewRequest("POST", s.srv.URL+"/v1/projects/"+project+"/queries", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+s.secret[enclave.RoleResearcher])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer.Answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || resp.StatusCode != http.StatusOK || a.Result == nil {
		t.Fatalf("API query: %d %v", resp.StatusCode, err)
	}
	return a
}

// TestHeldAnswer: on a project whose answers are reviewed, running a query
// shows the held result's state, not its cells; the researcher and the
// officers find it among held answers.
func TestHeldAnswer(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.env.LoadSynthetic(t, 2000)
	d := s.draft()
	d.OutputReview = true
	project := s.env.Approved(t, d).ID
	b := s.signedIn(t, enclave.RoleResearcher)
	resp, body := b.post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}})
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(body, "held for output review") || strings.Contains(body, "<caption>Answer") {
		t.Fatalf("run on a reviewed project: %d\n%s", resp.StatusCode, body)
	}
	held := s.env.Events(t, enclave.AuditFilter{Kind: string(audit.KindQueryRun), TargetType: "project", TargetID: project})
	if len(held) != 1 {
		t.Fatalf("%d query.run events, want 1", len(held))
	}
	for _, role := range []enclave.Role{enclave.RoleResearcher, enclave.RoleGovernance} {
		_, body := s.signedIn(t, role).get("/reviews")
		if !strings.Contains(body, `<a href="/projects/`+project+`">`) || !strings.Contains(body, ">held<") {
			t.Errorf("held answers as %s: the answer is missing\n%s", role, body)
		}
	}
}
