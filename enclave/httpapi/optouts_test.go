package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/internal/testkit"
	"github.com/research-enclave/enclave/pseudonym"
)

func optOutKey(t testing.TB) pseudonym.Key {
	t.Helper()
	k, err := pseudonym.NewDevKey([]byte("httpapi-optout-test-key-32bytes!"), 1)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestOptOutLoadAndStatus(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	file := strings.Join(synthetic(20_000), ",\r\n") // over MaxBodyBytes, under MaxUploadBytes
	status, _, body := api.call(t, enclave.RoleOperator, "POST", "/v1/optouts/ndoo?form=deny&as_of="+api.now.Format("2006-01-02"), "text/plain", file)
	if status != http.StatusCreated {
		t.Fatalf("load: %d %s", status, body)
	}
	var rep enclave.OptOutReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Version.Version != 1 || rep.Version.Entries != 20_000 || rep.NoOp || rep.File.Lines != 20_000 {
		t.Errorf("report %+v", rep)
	}
	status, _, body = api.call(t, enclave.RoleOperator, "POST", "/v1/optouts/ndoo?form=deny&as_of="+api.now.Format("2006-01-02"), "application/octet-stream", file)
	if status != http.StatusOK || !strings.Contains(body, `"noop":true`) {
		t.Errorf("the same file again: %d %s", status, body)
	}
	for _, role := range []enclave.Role{enclave.RoleOperator, enclave.RoleGovernance, enclave.RoleAuditor} {
		status, _, body = api.call(t, role, "GET", "/v1/optouts", "", "")
		if status != http.StatusOK || !strings.Contains(body, `"list":"ndoo","current":{"list":"ndoo","version":1`) ||
			!strings.Contains(body, `"list":"type1","missing":true`) || !strings.Contains(body, `"max_age":"840h0m0s"`) {
			t.Errorf("status as %s: %d %s", role, status, body)
		}
	}
}

func TestOptOutBadRequests(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	good := strings.Join(synthetic(200), "\n")
	tests := []struct {
		name, path, ctype, body string
		status                  int
		mention                 []string
	}{
		{"unknown list", "/v1/optouts/gp?form=deny", "text/plain", good, 404, []string{"ndoo and type1"}},
		{"no form", "/v1/optouts/ndoo", "text/plain", good, 400, []string{`\"form\" is required`}},
		{"bad form", "/v1/optouts/ndoo?form=block", "text/plain", good, 400, []string{"deny and allow"}},
		{"bad date", "/v1/optouts/ndoo?form=deny&as_of=01/03/2026", "text/plain", good, 400, []string{"YYYY-MM-DD"}},
		{"future date", "/v1/optouts/ndoo?form=deny&as_of=2999-01-01", "text/plain", good, 400, []string{"optout.as_of_future"}},
		{"unknown parameter", "/v1/optouts/ndoo?form=deny&format=dat", "text/plain", good, 400, []string{`unknown query parameter \"format\"`}},
		{"repeated parameter", "/v1/optouts/ndoo?form=deny&form=allow", "text/plain", good, 400, []string{"given once"}},
		{"JSON body", "/v1/optouts/ndoo?form=deny", "application/json", good, 415, []string{"text/plain"}},
		{"no content type", "/v1/optouts/ndoo?form=deny", "", good, 415, []string{"text/plain"}},
		{"too many invalid lines", "/v1/optouts/ndoo?form=deny", "text/csv", good + "\n12\n9434765918\nx\n", 400,
			[]string{"optout.too_many_invalid", `{"code":"nhs.length","message":"line 201"}`, `{"code":"nhs.checksum","message":"line 202"}`}},
		{"over the upload limit", "/v1/optouts/ndoo?form=deny", "text/plain", strings.Repeat(good+"\n", 1000), 413, []string{"exceeds 1048576 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ctype, body := api.call(t, enclave.RoleOperator, "POST", tt.path, tt.ctype, tt.body)
			wantProblem(t, status, ctype, body, tt.status, tt.mention...)
		})
	}
	t.Run("over the upload limit, streamed without a length", func(t *testing.T) {
		req, _ := http.NewRequest("POST", api.srv.URL+"/v1/optouts/ndoo?form=deny", struct{ *strings.Reader }{strings.NewReader(strings.Repeat(good+"\n", 1000))})
		req.Header.Set("Authorization", "Bearer "+api.secret[enclave.RoleOperator])
		req.Header.Set("Content-Type", "text/plain")
		status, ctype, body := api.do(t, req)
		wantProblem(t, status, ctype, body, 413, "ENCLAVE_MAX_UPLOAD_BYTES")
	})
	t.Run("no key source", func(t *testing.T) {
		api.optouts.Pseudonymiser = nil
		status, ctype, body := api.call(t, enclave.RoleOperator, "POST", "/v1/optouts/ndoo?form=deny", "text/plain", good)
		wantProblem(t, status, ctype, body, 503, "no key source is configured (ENCLAVE_KEY_SOURCE)")
	})
	if status, _, body := api.call(t, enclave.RoleOperator, "GET", "/v1/optouts", "", ""); strings.Contains(body, `"current"`) {
		t.Errorf("a refused load stored a version: %d %s", status, body)
	}
}

// synthetic returns n valid 999-range NHS numbers.
func synthetic(n int) []string { return testkit.NHSNumbers(0, n) }
