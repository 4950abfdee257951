package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// wideScope grants every output column of the two datasets the query tests
// load: what a project studying A&E attendances by area would be given.
const wideScope = `{"patients":["sex","year_of_birth","lsoa_code","deprivation_decile","ethnicity_group"],` +
	`"ae_attendances":["alcohol_related","age_band","arrival_date","wait_minutes","diagnosis_code"]}`

// wideProject creates and approves a project over wideScope under basis,
// led by lead-1 with researcher-1, at the datasets' minimum settings.
func (q *queryAPI) wideProject(t *testing.T, basis string) string {
	t.Helper()
	body := strings.Replace(validDraft, `{"patients":["sex","year_of_birth"]}`, wideScope, 1)
	body = strings.Replace(body, `"s251_standard"`, `"`+basis+`"`, 1)
	id := q.mustAct(t, "gov-a", "POST", "/v1/projects", body).ID
	q.mustAct(t, "gov-a", "POST", "/v1/projects/"+id+"/submit", "")
	q.mustAct(t, "gov-b", "POST", "/v1/projects/"+id+"/approve", "")
	return id
}

// visit is one planted A&E attendance.
type visit struct {
	date string
	wait int
	diag string
	band string
}

// plantPerson adds one person, with their attendances, straight into the
// dataset tables, and returns their pseudonym: the attack tests know
// exactly whom each question covers.
func (q *queryAPI) plantPerson(t *testing.T, yob int, sex, lsoa string, visits ...visit) []byte {
	t.Helper()
	pid := make([]byte, 32)
	rand.Read(pid)
	ctx := context.Background()
	super := q.db.SharedSuper(t)
	if _, err := super.Exec(ctx, `INSERT INTO ds_patients_v1 (load_id, pid, year_of_birth, sex, lsoa_code, deprivation_decile, ethnicity_group)
		VALUES (0, $1, $2, $3, $4, '3', 'white')`, pid, yob, sex, lsoa); err != nil {
		t.Fatal(err)
	}
	for _, v := range visits {
		band := v.band
		if band == "" {
			band = "40-44"
		}
		if _, err := super.Exec(ctx, `INSERT INTO ds_ae_attendances_v1 (load_id, pid, arrival_date, age_band, alcohol_related, diagnosis_code, wait_minutes)
			VALUES (0, $1, $2, $3, false, $4, $5)`, pid, v.date, band, v.diag, v.wait); err != nil {
			t.Fatal(err)
		}
	}
	return pid
}

// plantMany plants n people born in yob of sex in lsoa, each with the same
// attendances.
func (q *queryAPI) plantMany(t *testing.T, n, yob int, sex, lsoa string, visits ...visit) {
	t.Helper()
	for range n {
		q.plantPerson(t, yob, sex, lsoa, visits...)
	}
}

// answerTo asks as researcher-1 on project, as SQL or as a JSON body
// (anything starting with "{"), and returns the answer, failing on any
// status but 200.
func (q *queryAPI) answerTo(t *testing.T, project, sqlOrJSON string) answer.Answer {
	t.Helper()
	body := sqlOrJSON
	if !strings.HasPrefix(body, "{") {
		body = fmt.Sprintf(`{"sql":%q}`, sqlOrJSON)
	}
	status, a, resp := q.ask(t, "researcher-1", project, body)
	if status != http.StatusOK {
		t.Fatalf("%s: %d %s", sqlOrJSON, status, resp)
	}
	return a
}

// labels lists every key value an answer shows, with the cell it labels.
func labels(res *disclosure.Result) map[string][]disclosure.Released {
	out := map[string][]disclosure.Released{}
	for _, c := range res.Cells {
		for _, k := range c.Keys {
			if !k.Total && !k.Other {
				out[k.Value] = append(out[k.Value], c)
			}
		}
	}
	return out
}

// cellsJSON is the cells of an answer as JSON, for comparing two answers.
func cellsJSON(t *testing.T, res *disclosure.Result) string {
	t.Helper()
	b, err := json.Marshal(res.Cells)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// released returns the value of measure j in the cell with keys (a
// category, "*" for a total), and whether it was released.
func measureOf(res *disclosure.Result, j int, keys ...string) (float64, bool) {
	for _, c := range res.Cells {
		if len(c.Keys) != len(keys) {
			continue
		}
		match := true
		for i, k := range c.Keys {
			match = match && ((keys[i] == "*" && k.Total) || (!k.Total && !k.Other && k.Value == keys[i]))
		}
		if match && c.Suppressed == "" && j < len(c.Measures) && c.Measures[j].Value != nil {
			return *c.Measures[j].Value, true
		}
	}
	return 0, false
}

// checkProtected solves the reader's problem of res (disclosure.Intervals)
// and fails when any count hidden for its own sake can be bounded more
// tightly than the protection level.
func checkProtected(t *testing.T, what string, m answer.Manifest, res *disclosure.Result) {
	t.Helper()
	ivs, err := disclosure.Intervals(context.Background(), *res, m.Rules)
	if err != nil {
		t.Fatalf("%s: the reader's problem: %v", what, err)
	}
	for _, iv := range ivs {
		if iv.High-iv.Low < m.Rules.ProtectionLevel()-1e-6 {
			t.Errorf("%s: a reader bounds hidden cell %v to [%g, %g], narrower than %g people",
				what, res.Cells[iv.Cell].Keys, iv.Low, iv.High, m.Rules.ProtectionLevel())
		}
	}
}
