package web_test

import (
	"net/http"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// BenchmarkPages times each page as its user sees it, through the whole
// server (session, policy check, service, template), on the test data.
func BenchmarkPages(b *testing.B) {
	s, project := withData(b)
	pages := []struct {
		role enclave.Role
		path string
	}{
		{enclave.RoleResearcher, "/"},
		{enclave.RoleResearcher, "/projects"},
		{enclave.RoleResearcher, "/projects/" + project},
		{enclave.RoleResearcher, "/catalogue"},
		{enclave.RoleGovernance, "/reviews"},
		{enclave.RoleGovernance, "/projects/" + project},
		{enclave.RoleGovernance, "/projects/new"},
		{enclave.RoleGovernance, "/projects/" + project + "/edit"},
		{enclave.RoleAuditor, "/audit/events?kind=query.run"},
	}
	for _, p := range pages {
		br := s.signedIn(b, p.role)
		b.Run(string(p.role)+p.path, func(b *testing.B) {
			for b.Loop() {
				if resp, _ := br.get(p.path); resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", p.path, resp.StatusCode)
				}
			}
		})
	}
}
