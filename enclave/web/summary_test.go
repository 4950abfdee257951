package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// TestAuditorSummary: after a researcher's answer, the auditor's summary
// for that researcher and day counts it; a wrong date is refused on the
// form.
func TestAuditorSummary(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	if resp, _ := s.signedIn(t, enclave.RoleResearcher).post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: %d", resp.StatusCode)
	}
	b := s.signedIn(t, enclave.RoleAuditor)
	resp, body := b.get("/audit/summary?principal=web-researcher&since=2025-03-01&until=2025-03-01")
	row := `<tr><th scope="row">2025-03-01</th><td><a href="/audit/events?principal=web-researcher&amp;since=2025-03-01&amp;until=2025-03-01">web-researcher</a></td>
    <td class="num">1</td>`
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, row) {
		t.Errorf("summary: %d, want web-researcher's one answer on 2025-03-01\n%s", resp.StatusCode, body)
	}
	if _, body := b.get("/audit/summary?principal=web-officer&since=2025-03-01&until=2025-03-01"); !strings.Contains(body, "No questions were asked") {
		t.Errorf("summary of an officer: want none\n%s", body)
	}
	if resp, body := b.get("/audit/summary?until=tomorrow"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "until must be a date") {
		t.Errorf("a wrong date: %d\n%s", resp.StatusCode, body)
	}
}
