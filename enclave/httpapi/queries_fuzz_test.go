package httpapi

import (
	"encoding/json"
	"net/http"
	"testing"
)

// FuzzQueryAPI: no query body, as JSON fields or as SQL, makes the API
// answer 500 (or anything but a released answer or a problem naming the
// refusal), whatever it holds.
func FuzzQueryAPI(f *testing.F) {
	for _, s := range []string{
		bySexJSON,
		`{"datasets":["patients"],"measures":[{"kind":"sum","column":"patients.year_of_birth"}]}`,
		`{"datasets":["ae_attendances"],"measures":[{"kind":"count_events"},{"kind":"percentile","column":"ae_attendances.wait_minutes","p":0.5}],"group_by":["ae_attendances.age_band"]}`,
		`{"datasets":["patients"],"measures":[{"kind":"count_people"}],"filters":[{"column":"patients.sex","op":"in","values":["F",1,true]}]}`,
		`{"sql":"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth BETWEEN 1950 AND 1960 GROUP BY CUBE (sex)"}`,
		`{"sql":"SELECT 1; DROP TABLE projects"}`,
		`{"sql":"SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY sex","datasets":["patients"]}`,
		`[]`, `{"datasets":null}`, `{"sql":"\u0000"}`,
	} {
		f.Add(s)
	}
	q := newQueryAPI(f)
	f.Fuzz(func(t *testing.T, body string) {
		status, ctype, resp := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries", body)
		switch {
		case status == http.StatusOK:
			var v map[string]any
			if err := json.Unmarshal([]byte(resp), &v); err != nil || v["manifest"] == nil {
				t.Fatalf("200 without an answer: %s", resp)
			}
		case status >= 500 && status != http.StatusServiceUnavailable, ctype != "application/problem+json":
			t.Fatalf("status %d (%s) for %q: %s", status, ctype, body, resp)
		}
	})
}
