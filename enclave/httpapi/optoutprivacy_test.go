package httpapi

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// TestOptOutNumbersStayOut (invariant 1): after loads that succeed, are
// refused, and report invalid lines, no NHS number from the files, valid or
// not, is in any column of any table (as text, or as the hex of its bytes),
// in the server's log, or in an answer.
func TestOptOutNumbersStayOut(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	numbers := synthetic(500)
	invalid := []string{"9434765918", "9990000017", "0000000000"} // a failed check digit twice, never issued
	file := strings.Join(numbers, ",\n") + "\n" + strings.Join(invalid[:1], "\n") + "\n"
	var answers strings.Builder
	for _, c := range []struct{ path, body string }{
		{"/v1/optouts/ndoo?form=deny", strings.Repeat(file, 3)},                                      // loads, with duplicates and an invalid line
		{"/v1/optouts/type1?form=allow", strings.Repeat(strings.Join(invalid, "\n")+"\n", 5) + file}, // refused: 3% invalid
		{"/v1/optouts/ndoo?form=deny", file},                                                         // a no-op
	} {
		_, _, body := api.call(t, enclave.RoleOperator, "POST", c.path, "text/plain", c.body)
		answers.WriteString(body)
	}
	_, _, body := api.call(t, enclave.RoleGovernance, "GET", "/v1/optouts", "", "")
	answers.WriteString(body)
	if !strings.Contains(answers.String(), `"entries":500`) || !strings.Contains(answers.String(), "optout.too_many_invalid") {
		t.Fatalf("the loads did not go as planned:\n%s", answers.String())
	}

	api.assertDatabaseFree(t, numbers, invalid)
	assertNoNumber(t, "the server log", api.log.String(), numbers, invalid)
	assertNoNumber(t, "the answers", answers.String(), numbers, invalid)
}

// assertNoNumber fails if text holds any of the numbers, as digits or as the
// hex of their ASCII bytes (how PostgreSQL prints bytea).
func assertNoNumber(t *testing.T, where, text string, lists ...[]string) {
	t.Helper()
	for _, list := range lists {
		for _, n := range list {
			if strings.Contains(text, n) || strings.Contains(text, hex.EncodeToString([]byte(n))) {
				t.Errorf("%s holds an NHS number from a list", where)
				return
			}
		}
	}
}
