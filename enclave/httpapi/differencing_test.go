package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// plant adds people born in year with sex straight into the patients table,
// so that an attack test knows exactly how many people each question covers.
func (q *queryAPI) plant(t *testing.T, year, n int, sex string) {
	t.Helper()
	_, err := q.db.SharedSuper(t).Exec(context.Background(), `INSERT INTO ds_patients_v1 (load_id, pid, year_of_birth, sex, lsoa_code, deprivation_decile, ethnicity_group)
		SELECT 0, decode(md5(random()::text) || md5(random()::text), 'hex'), $1, $2, 'E01011365', '3', 'white' FROM generate_series(1, $3)`, year, sex, n)
	if err != nil {
		t.Fatal(err)
	}
}

// released asks as the researcher and returns each cell's released count
// of people (-1 when hidden) and the rule that hid it, by the cells' keys.
func (q *queryAPI) released(t *testing.T, sql string) map[string]string {
	t.Helper()
	status, a, body := q.ask(t, "researcher-1", q.s251, fmt.Sprintf(`{"sql":%q}`, sql))
	if status != http.StatusOK {
		t.Fatalf("%s: %d %s", sql, status, body)
	}
	return cells(a)
}

func cells(a answer.Answer) map[string]string {
	out := map[string]string{}
	for _, c := range a.Result.Cells {
		key := ""
		for _, k := range c.Keys {
			key += map[bool]string{true: "*", false: k.Value}[k.Total] + "/"
		}
		switch {
		case c.Suppressed != "":
			out[key] = string(c.Suppressed)
		case c.People != nil:
			out[key] = fmt.Sprint(*c.People)
		}
	}
	return out
}

const bornIn = "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth BETWEEN %d AND %d"

// TestDifferencingAttacks: three ways a researcher would try to learn a
// small count by subtracting two answers that each pass disclosure control
// on their own; the second answer of each is withheld.
func TestDifferencingAttacks(t *testing.T) {
	t.Parallel()
	t.Run("total against one sex", func(t *testing.T) {
		t.Parallel()
		q := newQueryAPI(t)
		q.plant(t, 1900, 30, "F")
		q.plant(t, 1900, 3, "M")
		total := q.released(t, fmt.Sprintf(bornIn, 1900, 1900))
		if total[""] != "35" {
			t.Fatalf("the total: %v", total)
		}
		bySex := q.released(t, "SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1900 GROUP BY sex")
		if bySex["F/"] != string(disclosure.RuleDifferencing) || bySex["M/"] != "primary" {
			t.Errorf("women and men born in 1900 after the total: %v (35 - 30 would reveal the 3 men)", bySex)
		}
	})
	t.Run("a filter that removes one person", func(t *testing.T) {
		t.Parallel()
		q := newQueryAPI(t)
		q.plant(t, 1900, 33, "F")
		q.plant(t, 1901, 1, "M")
		if first := q.released(t, fmt.Sprintf(bornIn, 1900, 1901)); first[""] != "35" {
			t.Fatalf("1900-1901: %v", first)
		}
		if second := q.released(t, fmt.Sprintf(bornIn, 1900, 1900)); second[""] != string(disclosure.RuleDifferencing) {
			t.Errorf("1900 alone after 1900-1901: %v (the difference is one person)", second)
		}
	})
	t.Run("two overlapping bands", func(t *testing.T) {
		t.Parallel()
		q := newQueryAPI(t)
		q.plant(t, 1901, 1, "F")
		q.plant(t, 1902, 20, "F")
		q.plant(t, 1903, 2, "M")
		if first := q.released(t, fmt.Sprintf(bornIn, 1901, 1902)); first[""] != "20" {
			t.Fatalf("1901-1902: %v", first)
		}
		if second := q.released(t, fmt.Sprintf(bornIn, 1902, 1903)); second[""] != string(disclosure.RuleDifferencing) {
			t.Errorf("1902-1903 after 1901-1902: %v (the bands differ by 3 people)", second)
		}
		// A band far enough from both is answered.
		q.plant(t, 1904, 40, "F")
		if third := q.released(t, fmt.Sprintf(bornIn, 1902, 1904)); third[""] == string(disclosure.RuleDifferencing) {
			t.Errorf("1902-1904 differs from both by more than the threshold, yet: %v", third)
		}
	})
}

// TestNearMissIsHeldForReview: a cell whose people differ from an earlier
// answer's by at least the threshold but fewer than twice it is released by
// the ledger, but the policy holds the answer for officers (review.near_miss).
func TestNearMissIsHeldForReview(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	q.plant(t, 1901, 30, "F")
	q.plant(t, 1901, 12, "M")
	before := q.released(t, "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901")
	if before[""] != "40" {
		t.Fatalf("42 people released as %v", before)
	}
	h := q.held(t, "researcher-1", q.s251, `{"sql":"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901 AND sex = 'F'"}`)
	if len(h.HeldFor) != 1 || h.HeldFor[0].Code != "review.near_miss" {
		t.Errorf("held for %+v, want review.near_miss", h.HeldFor)
	}
	// Twice the threshold apart is no near miss.
	q.plant(t, 1902, 30, "F")
	q.plant(t, 1902, 20, "M")
	q.released(t, "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1902")
	q.released(t, "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1902 AND sex = 'F'")
}
