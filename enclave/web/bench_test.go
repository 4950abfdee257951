package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// demoPeople is the size of the population `enclave demo` loads.
const demoPeople = 20000

// BenchmarkPages times each page as its user sees it, through the whole
// server (session, policy check, service, template), on the demo's data:
// what `enclave demo` loads, 20,000 people unless ENCLAVE_BENCH_WEB_PEOPLE
// says otherwise. The role "" is a browser that has not signed in.
func BenchmarkPages(b *testing.B) {
	people := demoPeople
	if n, err := strconv.Atoi(os.Getenv("ENCLAVE_BENCH_WEB_PEOPLE")); err == nil && n > 0 {
		people = n
	}
	s := newSite(b)
	s.env.LoadDemo(b, people)
	project := s.env.Approved(b, s.draft()).ID
	browsers := map[enclave.Role]*browser{"": s.browser(b)}
	for _, role := range roles {
		browsers[role] = s.signedIn(b, role)
	}
	resp, _ := browsers[enclave.RoleResearcher].post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}})
	answer := resp.Header.Get("Location")
	// Names without the run's random ids, so that runs compare.
	ids := strings.NewReplacer(project, "{projectID}", path.Base(answer), "{answerID}")
	pages := []struct {
		role enclave.Role
		path string
	}{
		{enclave.RoleResearcher, "/"},
		{enclave.RoleResearcher, "/projects"},
		{enclave.RoleResearcher, "/projects/" + project},
		{enclave.RoleResearcher, "/projects/" + project + "/query"},
		{enclave.RoleResearcher, answer},
		{enclave.RoleResearcher, "/history"},
		{enclave.RoleResearcher, "/catalogue"},
		{enclave.RoleGovernance, "/reviews"},
		{enclave.RoleGovernance, "/projects/" + project},
		{enclave.RoleGovernance, "/projects/new"},
		{enclave.RoleGovernance, "/projects/" + project + "/edit"},
		{enclave.RoleAuditor, "/audit/events?kind=query.run"},
		{enclave.RoleAuditor, "/audit/summary"},
		{enclave.RoleAuditor, "/history?principal=web-researcher"},
		{enclave.RoleOperator, "/optouts"},
		{enclave.RoleOperator, "/loads"},
		{enclave.RoleOperator, "/loads?id=1"},
		{enclave.RoleOperator, "/tokens"},
		{"", "/register"},
	}
	for _, p := range pages {
		br := browsers[p.role]
		name := string(p.role) + ids.Replace(p.path)
		if p.role == "" {
			name = "anonymous" + p.path
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if resp, _ := br.get(p.path); resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", p.path, resp.StatusCode)
				}
			}
		})
	}
}
