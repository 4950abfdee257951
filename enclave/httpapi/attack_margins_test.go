package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
)

// TestWithheldCellsAreNotDerivable (finding 2): a cell the differencing
// ledger withholds must not come back as its released margin less its
// released sibling. The researcher is given the 30 women born in 1900,
// then asks for everyone born 1900 to 1901 by sex with totals: the women
// are now 31 (one more, born 1901), so that cell is withheld; were the 25
// men and the total released beside it, 56 - 25 would give the 31 and so
// the woman born in 1901. Whatever is released, a reader of the answer
// cannot bound any withheld or small count more tightly than the
// protection level, in SQL or in JSON, and the manifest says what was done
// with the totals.
func TestWithheldCellsAreNotDerivable(t *testing.T) {
	t.Parallel()
	// With sex narrowed to F and M, the total is exactly the women and the
	// men: no hidden category of sex can make up the difference.
	for _, form := range []string{
		"SELECT sex, COUNT(DISTINCT person) FROM patients WHERE year_of_birth BETWEEN %d AND %d AND sex IN ('F', 'M') GROUP BY CUBE (sex)",
		`{"datasets":["patients"],"measures":[{"kind":"count_people"}],"group_by":["patients.sex"],"totals":true,` +
			`"filters":[{"column":"patients.year_of_birth","op":"between","values":[%d,%d]},{"column":"patients.sex","op":"in","values":["F","M"]}]}`,
	} {
		t.Run(form[:4], func(t *testing.T) {
			t.Parallel()
			q := newQueryAPI(t)
			q.plant(t, 1900, 30, "F")
			q.plant(t, 1901, 1, "F")
			q.plant(t, 1901, 25, "M")
			first := q.answerTo(t, q.s251, "SELECT COUNT(DISTINCT person) FROM patients WHERE year_of_birth = 1900 AND sex = 'F'")
			if got := *first.Result.Cells[0].People; got != 30 {
				t.Fatalf("the 30 women born in 1900 released as %d", got)
			}
			a := q.answerTo(t, q.s251, fmt.Sprintf(form, 1900, 1901))
			_, withheld := cellOf(a.Result, "F")
			if withheld != disclosure.RuleDifferencing {
				t.Fatalf("the 31 women after the 30: %q, want withheld for differencing", withheld)
			}
			total, _ := cellOf(a.Result, "*")
			men, _ := cellOf(a.Result, "M")
			if total != nil && men != nil {
				t.Errorf("the total %d and the men %d are both released beside the withheld women: %d - %d gives them", *total, *men, *total, *men)
			}
			checkProtected(t, "sex with totals", a.Manifest, a.Result)
			checkTotalsManifest(t, a.Manifest, a.Result)
		})
	}
}

// cellOf returns the released people of the one-dimensional cell with key
// (a category, "*" for the total) and the rule that hid it.
func cellOf(res *disclosure.Result, key string) (*int64, disclosure.Rule) {
	for _, c := range res.Cells {
		if len(c.Keys) == 1 && ((key == "*" && c.Keys[0].Total) || (!c.Keys[0].Total && c.Keys[0].Value == key)) {
			return c.People, c.Suppressed
		}
	}
	return nil, ""
}

// checkTotalsManifest: what the manifest says of totals is what was done,
// and what the pre-flight check says before.
func checkTotalsManifest(t *testing.T, m answer.Manifest, res *disclosure.Result) {
	t.Helper()
	if m.Rules.Totals != disclosure.TotalsIndependent || m.Totals != res.Totals || res.Totals != disclosure.TotalsIndependent {
		t.Errorf("the manifest says totals %q under rules %q, and the result %q: want independent throughout", m.Totals, m.Rules.Totals, res.Totals)
	}
}

// TestPreflightSaysHowTotalsAreMade: the pre-flight check promises the
// totals rule the answer then follows.
func TestPreflightSaysHowTotalsAreMade(t *testing.T) {
	t.Parallel()
	q := newQueryAPI(t)
	status, _, body := q.callAs(t, "researcher-1", "POST", "/v1/projects/"+q.s251+"/queries/check",
		`{"sql":"SELECT sex, COUNT(DISTINCT person) FROM patients GROUP BY CUBE (sex)"}`)
	if status != http.StatusOK {
		t.Fatalf("check: %d %s", status, body)
	}
	var p answer.Preflight
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if p.Rules.Totals != disclosure.TotalsIndependent {
		t.Errorf("the pre-flight check promises totals %q; the answer releases independent totals", p.Rules.Totals)
	}
}
