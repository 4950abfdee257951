package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestTablesTooLargeToProtectAreRefusedUpFront (finding 5): a CUBE over
// four dimensions, 2,304 cells with its margins, would take disclosure
// control past what a request may spend protecting it. The query and its
// pre-flight check refuse it before anything is read, naming the limit;
// without totals it needs no such protection and is answered.
func TestTablesTooLargeToProtectAreRefusedUpFront(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.wideProject(t, "s251_standard")
	const cube = `SELECT sex, deprivation_decile, ethnicity_group, alcohol_related, COUNT(DISTINCT person)
		FROM ae_attendances JOIN patients USING (person) GROUP BY CUBE (sex, deprivation_decile, ethnicity_group, alcohol_related)`
	for _, path := range []string{"/queries", "/queries/check"} {
		status, _, body := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+project+path, fmt.Sprintf(`{"sql":%q}`, cube))
		if status != http.StatusBadRequest || !strings.Contains(body, "1500 cells") || !strings.Contains(body, "totals") {
			t.Errorf("%s of a 2,304-cell CUBE: %d %s, want 400 naming the limit of 1500", path, status, body)
		}
	}
	flat := strings.Replace(cube, "CUBE (sex, deprivation_decile, ethnicity_group, alcohol_related)", "sex, deprivation_decile, ethnicity_group, alcohol_related", 1)
	if status, _, body := q.ask(t, "researcher-1", project, fmt.Sprintf(`{"sql":%q}`, flat)); status != http.StatusOK {
		t.Errorf("the same without totals: %d %s", status, body)
	}
}

// TestOpenColumnsWithTotalsAreRefusedUpFront: a CUBE over LSOAs, a column
// with no declared values, could be sized only by reading the data, and a
// refusal as too large after reading it would say how many LSOAs there are:
// one more person in a new LSOA could tip it. It is refused before anything
// is read, the same with and without that person; listed LSOAs are answered.
func TestOpenColumnsWithTotalsAreRefusedUpFront(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	project := q.wideProject(t, "s251_standard")
	const cube = `SELECT sex, lsoa_code, COUNT(DISTINCT person) FROM patients GROUP BY CUBE (sex, lsoa_code)`
	for _, when := range []string{"before", "after one person in a new LSOA"} {
		if when != "before" {
			q.plantPerson(t, 1960, "F", "E01099990")
		}
		for _, path := range []string{"/queries", "/queries/check"} {
			status, _, body := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+project+path, fmt.Sprintf(`{"sql":%q}`, cube))
			if status != http.StatusBadRequest || !strings.Contains(body, "patients.lsoa_code must be narrowed") {
				t.Errorf("%s, %s of a CUBE over LSOAs: %d %s, want 400 asking to narrow lsoa_code", when, path, status, body)
			}
		}
	}
	listed := strings.Replace(cube, "FROM patients", "FROM patients WHERE lsoa_code IN ('E01011365', 'E01099990')", 1)
	if status, _, body := q.ask(t, "researcher-1", project, fmt.Sprintf(`{"sql":%q}`, listed)); status != http.StatusOK {
		t.Errorf("the CUBE over two listed LSOAs: %d %s", status, body)
	}
}

// TestHiddenCountsKeepTheirIntervals (finding 8): a reader of an answer who
// knows the rules (a cell hidden by the threshold holds 0 to 9, any other
// hidden cell at least 10) and solves for each hidden count, as tau-ARGUS
// and sdcTable do, cannot narrow any below 5 people wide. Three hidden sexes
// of 9, 8 and 9 people beside 35 of the fourth, on a dataset released
// unrounded: the fourth and the total would say the three add up to 26, so
// each is 8 or 9, though none could be worked out exactly. In JSON as in SQL.
func TestHiddenCountsKeepTheirIntervals(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t, catalogueWith(t, "patients.yaml", "  rounding: 5\n", "  rounding: 1\n"))
	body := strings.Replace(validDraft, `"rounding":5`, `"rounding":1`, 1)
	project := q.mustAct(t, "gov-a", "POST", "/v1/projects", body).ID
	q.mustAct(t, "gov-a", "POST", "/v1/projects/"+project+"/submit", "")
	q.mustAct(t, "gov-b", "POST", "/v1/projects/"+project+"/approve", "")
	q.plant(t, 1909, 9, "F")
	q.plant(t, 1909, 8, "M")
	q.plant(t, 1909, 9, "I")
	q.plant(t, 1909, 35, "U")
	for _, sql := range []string{
		"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1909 AND sex IN ('F', 'M', 'I', 'U') GROUP BY CUBE (sex)",
		`{"datasets":["patients"],"measures":[{"kind":"count_people"}],"group_by":["patients.sex"],"totals":true,"filters":[` +
			`{"column":"patients.year_of_birth","op":"eq","values":[1909]},{"column":"patients.sex","op":"in","values":["F","M","I","U"]}]}`,
	} {
		a := q.answerTo(t, project, sql)
		if a.Manifest.Rules.Rounding != 1 {
			t.Fatalf("rounding %d, want 1", a.Manifest.Rules.Rounding)
		}
		checkProtected(t, sql, a.Manifest, a.Result)
	}
}
