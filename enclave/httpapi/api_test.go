package httpapi

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

func jsonField(t *testing.T, body, field string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, body)
	}
	s, _ := m[field].(string)
	return s
}

func TestBadInputIsProblemJSON(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		mention     string
	}{
		{"malformed JSON", "application/json", `{"principal": "ann",`, 400, "ends in the middle"},
		{"syntax error", "application/json", `{"principal" "ann"}`, 400, "malformed JSON at byte"},
		{"unknown field", "application/json", `{"principal":"ann","role":"researcher","admin":true}`, 400, `unknown field \"admin\"`},
		{"wrong type", "application/json", `{"principal":7,"role":"researcher"}`, 400, `field \"principal\" must be string`},
		{"empty body", "application/json", ``, 400, "empty"},
		{"two objects", "application/json", `{"principal":"ann","role":"researcher"} {}`, 400, "single JSON object"},
		{"not an object", "application/json", `[1,2]`, 400, "must be"},
		{"oversized body", "application/json", `{"description":"` + strings.Repeat("x", 5000) + `"}`, 413, "exceeds 4096 bytes"},
		{"wrong content type", "text/plain", `{"principal":"ann","role":"researcher"}`, 415, "application/json"},
		{"no content type", "", `{"principal":"ann","role":"researcher"}`, 415, "application/json"},
		{"bad role", "application/json", `{"principal":"ann","role":"admin"}`, 400, "unknown role"},
		{"bad principal id", "application/json", `{"principal":"Ann Smith","role":"researcher"}`, 400, "principal id"},
		{"bad ttl", "application/json", `{"principal":"ann","role":"researcher","ttl":"forever"}`, 400, "ttl"},
		{"ttl too long", "application/json", `{"principal":"ann","role":"researcher","ttl":"100000h"}`, 400, "ttl must be between"},
		{"existing principal", "application/json", `{"principal":"rita","role":"auditor"}`, 403, "token.existing_principal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ctype, body := api.call(t, enclave.RoleOperator, "POST", "/v1/tokens", tt.contentType, tt.body)
			wantProblem(t, status, ctype, body, tt.status, tt.mention, `"type":"urn:enclave:problem:`, `"request_id"`)
		})
	}
	t.Run("unknown route", func(t *testing.T) {
		status, ctype, body := api.call(t, enclave.RoleOperator, "GET", "/v1/nothing-here", "", "")
		wantProblem(t, status, ctype, body, 404, "urn:enclave:problem:not_found")
	})
	t.Run("wrong method", func(t *testing.T) {
		req, _ := http.NewRequest("PUT", api.srv.URL+"/v1/tokens", strings.NewReader("{}"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, POST" {
			t.Errorf("PUT /v1/tokens: %d, Allow %q; want 405, GET, POST", resp.StatusCode, resp.Header.Get("Allow"))
		}
	})
}

func TestAuthenticationFailuresLookAlike(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	revoked, err := api.tokens.Issue(t.Context(), otto, enclave.TokenRequest{PrincipalID: "rita", Role: enclave.RoleResearcher, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.tokens.Revoke(t.Context(), otto, revoked.ID); err != nil {
		t.Fatal(err)
	}
	expiring, err := api.tokens.Issue(t.Context(), otto, enclave.TokenRequest{PrincipalID: "rita", Role: enclave.RoleResearcher, TTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	unknown, _ := enclave.GenerateTokenSecret()
	cases := map[string]string{
		"unknown":   "Bearer " + unknown,
		"revoked":   "Bearer " + revoked.Secret,
		"expired":   "Bearer " + expiring.Secret,
		"malformed": "Bearer not-a-token",
	}
	api.advance(2 * time.Minute)
	var details []string
	for reason, header := range cases {
		req, _ := http.NewRequest("GET", api.srv.URL+"/v1/whoami", nil)
		req.Header.Set("Authorization", header)
		status, ctype, body := api.do(t, req)
		wantProblem(t, status, ctype, body, http.StatusUnauthorized)
		details = append(details, jsonField(t, body, "detail"))
		if n := metricValue(t, api, "enclave_auth_failures_total", "reason", reason); n != 1 {
			t.Errorf("auth failures{reason=%q} = %v, want 1", reason, n)
		}
	}
	for _, d := range details[1:] {
		if d != details[0] {
			t.Errorf("failure details differ (%q vs %q): they must not reveal why", d, details[0])
		}
	}
	req, _ := http.NewRequest("GET", api.srv.URL+"/v1/whoami", nil)
	req.Header.Set("Authorization", "Basic dXNlcjpwdw==")
	status, ctype, body := api.do(t, req)
	wantProblem(t, status, ctype, body, http.StatusUnauthorized, "Bearer")
}

// metricValue reads one labelled counter from the test server's registry.
func metricValue(t *testing.T, api *testAPI, name, label, value string) float64 {
	t.Helper()
	families, err := api.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == label && l.GetValue() == value {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

func TestTokenAPILifecycle(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	status, _, body := api.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json", `{"principal":"nina","role":"researcher","ttl":"2h","description":"laptop"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, body)
	}
	secret, id := jsonField(t, body, "token"), jsonField(t, body, "id")
	if !strings.HasPrefix(secret, enclave.TokenPrefix) || !strings.HasPrefix(id, "tok_") {
		t.Fatalf("issued token %q id %q", secret, id)
	}
	api.secret["nina"] = secret
	if status, _, body := api.call(t, "nina", "GET", "/v1/whoami", "", ""); status != 200 || jsonField(t, body, "id") != "nina" {
		t.Fatalf("whoami: %d %s", status, body)
	}
	status, _, body = api.call(t, "nina", "GET", "/v1/tokens?principal=otto", "", "")
	if status != 200 || strings.Contains(body, `"principal_id":"otto"`) || !strings.Contains(body, id) || strings.Contains(body, secret) {
		t.Errorf("researcher's token list: %d %s", status, body)
	}
	status, _, body = api.call(t, enclave.RoleOperator, "GET", "/v1/tokens", "", "")
	if status != 200 || !strings.Contains(body, "otto") || !strings.Contains(body, "nina") {
		t.Errorf("operator's token list: %d %s", status, body)
	}
	if status, _, body := api.call(t, "nina", "DELETE", "/v1/tokens/"+id, "", ""); status != http.StatusNoContent {
		t.Fatalf("revoke own: %d %s", status, body)
	}
	status, ctype, body := api.call(t, "nina", "GET", "/v1/whoami", "", "")
	wantProblem(t, status, ctype, body, http.StatusUnauthorized)
}

func TestReadyz(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	status, _, body := api.call(t, enclave.RoleAnonymous, "GET", "/readyz", "", "")
	if status != 200 || !strings.Contains(body, `"database":"ok"`) || !strings.Contains(body, `"policy":"ok"`) {
		t.Errorf("readyz: %d %s", status, body)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

func unhex(t *testing.T, hs []string) [][]byte {
	t.Helper()
	out := make([][]byte, len(hs))
	for i, h := range hs {
		b, err := hex.DecodeString(h)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	return out
}

func TestCatalogueShowsDeclarationsOnly(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	status, _, body := api.call(t, enclave.RoleResearcher, "GET", "/v1/catalogue", "", "")
	if status != 200 || !strings.Contains(body, `"ae_attendances"`) || !strings.Contains(body, `"revision":"sha256:`) || !strings.Contains(body, `"role":"never_output"`) {
		t.Errorf("catalogue: %d %s", status, body[:min(len(body), 300)])
	}
}
