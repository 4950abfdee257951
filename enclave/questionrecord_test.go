package enclave

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/audit"
)

// TestQuestionWithholdsHMACs: a filter value recorded as an HMAC (it
// looked like an identifier) is withheld from the question shown back,
// and a project.use refusal that named no query is no question.
func TestQuestionWithholdsHMACs(t *testing.T) {
	t.Parallel()
	mac := audit.FieldHMAC([]byte("k"), "9434765919")
	body, _ := json.Marshal(map[string]any{"query_hash": "sha256:ab", "query": map[string]any{
		"datasets": []string{"patients"}, "filters": []any{map[string]any{"column": "patients.sex", "op": "in", "values": []string{mac, "F"}}},
	}})
	q, ok := questionOf(audit.Event{Seq: 9, Kind: audit.KindQueryRun, TargetID: "prj_1", Outcome: audit.OutcomeSuccess, Body: body})
	raw, _ := json.Marshal(q.Query)
	if !ok || q.Outcome != "answered" || strings.Contains(string(raw), "hmac-sha256:") || !strings.Contains(string(raw), withheldValue) || !strings.Contains(string(raw), `"F"`) {
		t.Errorf("question = %+v (%s), want answered with the HMAC withheld", q, raw)
	}
	if _, ok := questionOf(audit.Event{Kind: audit.KindProjectUse, Outcome: audit.OutcomeDenied, Decision: &audit.Decision{Reasons: []string{"project.not_member"}}}); ok {
		t.Error("a project.use refusal without a query is shown as a question")
	}
}
