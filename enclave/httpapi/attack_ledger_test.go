package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// TestZeroAnswersDoNotPoisonTheLedger (finding 4): a question about nobody
// is answered without a 0 (an empty cell is hidden like a small one) and
// leaves nothing in the ledger; before, its empty set made every later cell
// of 10 to 19 people a near miss, held for two officers.
func TestZeroAnswersDoNotPoisonTheLedger(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	for _, sql := range []string{
		"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1905",
		"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1906 GROUP BY sex",
	} {
		a := q.answerTo(t, q.s251, sql)
		for _, c := range a.Result.Cells {
			if c.People != nil && *c.People == 0 {
				t.Errorf("%s: cell %v released as 0 beside hidden ones", sql, c.Keys)
			}
		}
	}
	var empty int
	if err := q.db.Super(t).QueryRow(context.Background(), `SELECT count(*) FROM released_cells WHERE people = 0`).Scan(&empty); err != nil {
		t.Fatal(err)
	}
	if empty > 0 {
		t.Errorf("%d cells of no one recorded in the ledger", empty)
	}
	q.plant(t, 1902, 15, "F")
	status, _, body := q.ask(t, "researcher-1", q.s251, `{"sql":"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1902"}`)
	if status != http.StatusOK {
		t.Errorf("15 people after two answers about nobody: %d %s, want released", status, body)
	}
}

// TestZeroAnswersDoNotPoisonTheLedgerAtThresholdOne: on a dataset released
// from one person, unrounded, an empty cell is released as 0, and must still
// leave nothing in the ledger: recorded as the empty set, it would make the
// next answer of one person a near miss of it, held for two officers.
func TestZeroAnswersDoNotPoisonTheLedgerAtThresholdOne(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t, catalogueWith(t, "patients.yaml", "  threshold: 10\n  rounding: 5\n", "  threshold: 1\n  rounding: 1\n"))
	body := strings.Replace(validDraft, `"threshold":10,"rounding":5`, `"threshold":1,"rounding":1`, 1)
	project := q.mustAct(t, "gov-a", "POST", "/v1/projects", body).ID
	q.mustAct(t, "gov-a", "POST", "/v1/projects/"+project+"/submit", "")
	q.mustAct(t, "gov-b", "POST", "/v1/projects/"+project+"/approve", "")
	const sql = "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1903"
	a := q.answerTo(t, project, sql)
	if c := a.Result.Cells[0]; c.People == nil || *c.People != 0 {
		t.Fatalf("a count of nobody at threshold 1: %+v, want 0 released", c)
	}
	var empty int
	if err := q.db.SharedSuper(t).QueryRow(context.Background(), `SELECT count(*) FROM released_cells WHERE people = 0`).Scan(&empty); err != nil {
		t.Fatal(err)
	}
	if empty > 0 {
		t.Errorf("%d cells of no one recorded in the ledger", empty)
	}
	q.plant(t, 1903, 1, "F")
	if c := q.answerTo(t, project, sql).Result.Cells[0]; c.People == nil || *c.People != 1 {
		t.Errorf("one person after an answer about nobody: %+v, want 1 released", c)
	}
}

// TestHoldMessagesSayNothingQuantitative (finding 6): an answer held for a
// differencing near miss says it is held for review, and no number: how
// many cells came close, or how close, would tell a researcher how far apart
// two answers are.
func TestHoldMessagesSayNothingQuantitative(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	q.plant(t, 1901, 30, "F")
	q.plant(t, 1901, 12, "M")
	q.answerTo(t, q.s251, "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901")
	h := q.held(t, "researcher-1", q.s251, `{"sql":"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1901 AND sex = 'F'"}`)
	digits := regexp.MustCompile(`[0-9]`)
	for _, r := range h.HeldFor {
		if digits.MatchString(r.Message) {
			t.Errorf("held for %s: %q has a number in it", r.Code, r.Message)
		}
		if !strings.Contains(r.Message, "held for output review") {
			t.Errorf("held for %s: %q does not say it is held for review", r.Code, r.Message)
		}
	}
}

// TestOptOutsDoNotDifferenceAcrossProjects (finding 7): researcher-1 is on
// a project under s251 (the national data opt-out applies) and on one
// under consent (it does not). The same count on both is the same people
// but one, who opted out: 32 against 33, released as 30 and 35, would say
// who. Whichever is asked first, the second is withheld: the ledgers of all
// a researcher's projects are checked together.
func TestOptOutsDoNotDifferenceAcrossProjects(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ who, order string }{
		{"researcher-1", "s251 first"}, {"researcher-1", "consent first"}, {"lead-1", "s251 first"},
	} {
		t.Run(c.who+" "+c.order, func(t *testing.T) {
			t.Parallel()
			q := newQueryAPI(t)
			q.plant(t, 1903, 32, "F")
			optedOut := q.plantPerson(t, 1903, "F", "E01011365")
			if tag, err := q.db.SharedSuper(t).Exec(context.Background(), `INSERT INTO optout_entries (version_id, pid)
				SELECT id, $1 FROM optout_current WHERE list = 'ndoo'`, optedOut); err != nil || tag.RowsAffected() != 1 {
				t.Fatalf("opting the person out: %v %v", tag, err)
			}
			const sql = `{"sql":"SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1903 AND sex = 'F'"}`
			first, second := q.s251, q.consent
			if c.order == "consent first" {
				first, second = second, first
			}
			ask := func(project string) answer.Answer {
				status, a, body := q.ask(t, c.who, project, sql)
				if status != http.StatusOK {
					t.Fatalf("%d %s", status, body)
				}
				return a
			}
			if a := ask(first); a.Result.Cells[0].Suppressed != "" {
				t.Fatalf("the first answer is withheld: %+v", a.Result.Cells[0])
			}
			if cell := ask(second).Result.Cells[0]; cell.Suppressed != disclosure.RuleDifferencing {
				t.Errorf("the same count on the other project, one opted-out person apart: %s, want withheld",
					fmt.Sprint(*cell.People))
			}
		})
	}
}
