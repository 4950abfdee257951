package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/query"
)

// bySexFields is bySex, born in 1950 or later, asked by fields.
func bySexFields() url.Values {
	return url.Values{
		"form": {"fields"}, "dataset": {"patients"}, "count": {"count_people"}, "group_by": {"patients.sex"},
		"filter1_column": {"patients.year_of_birth"}, "filter1_op": {"gte"}, "filter1_values": {"1950"},
	}
}

// TestResearcherAsksByFields: the form by fields offers the project's
// datasets and columns; its check shows the query as the API's JSON body,
// and its run gives the answer the same question in SQL gets through the
// API (the same canonical query, so the same hash). A filter without a
// value is refused on the form, which keeps what was chosen.
func TestResearcherAsksByFields(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	b := s.signedIn(t, enclave.RoleResearcher)
	_, body := b.get("/projects/" + project + "/query")
	for _, want := range []string{`<input type="checkbox" id="ds-patients" name="dataset" value="patients">`,
		`<input type="checkbox" id="gb-patients.sex" name="group_by" value="patients.sex">`,
		`<option value="ae_attendances.wait_minutes">ae_attendances.wait_minutes</option>`, `<label for="filter1-values">`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form lacks %s\n%s", want, body)
		}
	}
	resp, body := b.post("/projects/"+project+"/query/check", bySexFields())
	pre, _, _ := strings.Cut(html.UnescapeString(body[strings.Index(body, "<pre>")+5:]), "</pre>")
	var q query.Query
	if err := json.Unmarshal([]byte(pre), &q); err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(body, "this query would be allowed") ||
		len(q.Filters) != 1 || q.GroupBy[0] != "patients.sex" {
		t.Fatalf("check by fields: %d, query %+v (%v)\n%s", resp.StatusCode, q, err, body)
	}
	resp, _ = b.post("/projects/"+project+"/query/run", bySexFields())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("run by fields: %d", resp.StatusCode)
	}
	_, page := b.get(resp.Header.Get("Location"))
	want := s.apiQuery(t, project, "SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth >= 1950 GROUP BY sex").Manifest.QueryHash
	if !strings.Contains(page, "Answer to query "+want) {
		t.Errorf("the answer by fields is not the SQL's %s\n%s", want, page)
	}
	cohort := bySexFields()
	cohort["cohort_dataset"], cohort["cohort_column"], cohort["cohort_op"], cohort["cohort_values"] = []string{"ae_attendances"}, []string{"ae_attendances.alcohol_related"}, []string{"eq"}, []string{"true"}
	if resp, body := b.post("/projects/"+project+"/query/check", cohort); resp.StatusCode != http.StatusOK || !strings.Contains(body, `&#34;cohort&#34;`) {
		t.Errorf("check with a cohort: %d\n%s", resp.StatusCode, body)
	}
	bad := bySexFields()
	bad.Set("filter1_values", "")
	resp, body = b.post("/projects/"+project+"/query/check", bad)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "a filter needs a column, a comparison and a value") ||
		!strings.Contains(body, `value="patients.sex" checked`) {
		t.Errorf("a filter without a value: %d\n%s", resp.StatusCode, body)
	}
}

// TestFieldsRefusedForOfficer: an officer's query by fields is refused as
// the API route refuses it, and audited.
func TestFieldsRefusedForOfficer(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	if resp, _ := s.signedIn(t, enclave.RoleGovernance).post("/projects/"+project+"/query/check", bySexFields()); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an officer's check by fields: %d, want 403", resp.StatusCode)
	}
	if !denied(t, s, s.id[enclave.RoleGovernance], "POST /v1/projects/{projectID}/queries/check") {
		t.Error("the officer's check is not audited as the API route's refusal")
	}
}
