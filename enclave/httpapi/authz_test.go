package httpapi

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
)

// allowedRoles is the intended role × route matrix, written independently of
// the Rego policy so that a policy change that widens access fails here.
var allowedRoles = map[string][]enclave.Role{
	"GET /livez":                  {enclave.RoleAnonymous, enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /readyz":                 {enclave.RoleAnonymous, enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /metrics":                {enclave.RoleAnonymous, enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /openapi.json":           {enclave.RoleAnonymous, enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /v1/whoami":              {enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /v1/tokens":              {enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"DELETE /v1/tokens/{tokenID}": {enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"POST /v1/tokens":             {enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"POST /v1/tokens/rotate":      {enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /v1/principals":          {enclave.RoleOperator, enclave.RoleGovernance},
	// Enrolment: officers decide the pending ones; revoking a principal's
	// tokens is for its owner or an operator (token.revoke decides).
	"POST /v1/principals/{principalID}/approve":  {enclave.RoleGovernance},
	"POST /v1/principals/{principalID}/reject":   {enclave.RoleGovernance},
	"DELETE /v1/principals/{principalID}/tokens": {enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /v1/catalogue":                          {enclave.RoleResearcher, enclave.RoleGovernance},
	"POST /v1/catalogue/reload":                  {enclave.RoleOperator},
	"GET /v1/audit/key":                          {enclave.RoleAnonymous, enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /v1/audit/events":                       {enclave.RoleAuditor},
	"GET /v1/audit/log":                          {enclave.RoleAuditor},
	"GET /v1/audit/columns":                      {enclave.RoleAuditor},
	"GET /v1/audit/summary":                      {enclave.RoleAuditor},
	"GET /v1/audit/checkpoint":                   {enclave.RoleAuditor},
	"POST /v1/audit/checkpoints":                 {enclave.RoleAuditor, enclave.RoleOperator},
	"GET /v1/audit/proofs/inclusion":             {enclave.RoleAuditor},
	"GET /v1/audit/proofs/consistency":           {enclave.RoleAuditor},
	"POST /v1/audit/hmac":                        {enclave.RoleAuditor},
	"POST /v1/audit/rollback/acknowledge":        {enclave.RoleOperator},
	"POST /v1/audit/rollback/lift":               {enclave.RoleGovernance},
	// Project routes: the governance policy then decides on the project.
	"GET /v1/projects":                                      {enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor},
	"POST /v1/projects":                                     {enclave.RoleGovernance},
	"GET /v1/projects/{projectID}":                          authenticated,
	"PATCH /v1/projects/{projectID}":                        {enclave.RoleGovernance},
	"POST /v1/projects/{projectID}/members":                 {enclave.RoleGovernance},
	"DELETE /v1/projects/{projectID}/members/{principalID}": {enclave.RoleGovernance},
	"POST /v1/projects/{projectID}/{transition}":            {enclave.RoleGovernance},
	"GET /v1/register":                                      {enclave.RoleAnonymous, enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"GET /v1/optouts":                                       {enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator},
	"POST /v1/optouts/{list}":                               {enclave.RoleOperator},
	"POST /v1/datasets/{dataset}/loads":                     {enclave.RoleOperator},
	"GET /v1/mappings/{mapping}":                            {enclave.RoleOperator},
	// Loads: the retraction policy then decides on the load.
	"GET /v1/loads":                               {enclave.RoleGovernance, enclave.RoleOperator},
	"GET /v1/loads/{loadID}":                      {enclave.RoleGovernance, enclave.RoleOperator},
	"POST /v1/loads/{loadID}/retract":             {enclave.RoleGovernance, enclave.RoleOperator},
	"POST /v1/loads/{loadID}/retract/confirm":     {enclave.RoleGovernance, enclave.RoleOperator},
	"POST /v1/projects/{projectID}/queries":       {enclave.RoleResearcher},
	"POST /v1/projects/{projectID}/queries/check": {enclave.RoleResearcher},
	// A principal's questions: query.history then decides whose.
	"GET /v1/questions": {enclave.RoleResearcher, enclave.RoleAuditor},
	// Output review: the review policy then decides on the held result.
	"GET /v1/reviews":                     {enclave.RoleResearcher, enclave.RoleGovernance},
	"GET /v1/reviews/{resultID}":          {enclave.RoleResearcher, enclave.RoleGovernance},
	"POST /v1/reviews/{resultID}/approve": {enclave.RoleGovernance},
	"POST /v1/reviews/{resultID}/reject":  {enclave.RoleGovernance},
}

var authenticated = []enclave.Role{enclave.RoleResearcher, enclave.RoleGovernance, enclave.RoleAuditor, enclave.RoleOperator}

func TestRouteRoleMatrix(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	roles := append([]enclave.Role{enclave.RoleAnonymous}, enclave.Roles...)
	routes := (&Server{}).routes()
	if len(routes) != len(allowedRoles) {
		t.Errorf("the server has %d routes and the expected matrix %d: add every new route to allowedRoles", len(routes), len(allowedRoles))
	}
	for _, rt := range routes {
		action := rt.method + " " + rt.pattern
		allowed, ok := allowedRoles[action]
		if !ok {
			t.Errorf("route %s has no row in allowedRoles", action)
			continue
		}
		path := strings.ReplaceAll(rt.pattern, "{tokenID}", "tok_0000000000000000")
		for _, role := range roles {
			t.Run(action+" as "+string(role), func(t *testing.T) {
				status, ctype, body := api.call(t, role, rt.method, path, "application/json", "{}")
				if action == "POST /v1/tokens/rotate" && status == http.StatusCreated {
					api.secret[role] = jsonField(t, body, "token") // the old one is revoked
				}
				switch {
				case slices.Contains(allowed, role):
					if status == http.StatusUnauthorized || status == http.StatusForbidden {
						t.Errorf("status %d, want the route to be allowed: %s", status, body)
					}
				case role == enclave.RoleAnonymous:
					wantProblem(t, status, ctype, body, http.StatusUnauthorized, "auth.required")
				default:
					wantProblem(t, status, ctype, body, http.StatusForbidden, "role.not_permitted")
				}
			})
		}
	}
}

func wantProblem(t *testing.T, status int, ctype, body string, wantStatus int, wantInBody ...string) {
	t.Helper()
	if status != wantStatus {
		t.Errorf("status %d, want %d: %s", status, wantStatus, body)
	}
	if ctype != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ctype)
	}
	for _, w := range wantInBody {
		if !strings.Contains(body, w) {
			t.Errorf("body %s does not mention %q", body, w)
		}
	}
}

func TestTokenRevokeIsOwnerOrOperator(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	status, _, body := api.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json", `{"principal":"nina","role":"researcher","ttl":"1h"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, body)
	}
	id := jsonField(t, body, "id")
	api.secret["nina"] = jsonField(t, body, "token")
	status, ctype, body := api.call(t, enclave.RoleGovernance, "DELETE", "/v1/tokens/"+id, "", "")
	wantProblem(t, status, ctype, body, http.StatusForbidden, "token.not_owner")
	if status, _, body := api.call(t, "nina", "DELETE", "/v1/tokens/"+id, "", ""); status != http.StatusNoContent {
		t.Fatalf("owner revoke: %d %s", status, body)
	}
	status, ctype, body = api.call(t, enclave.RoleOperator, "DELETE", "/v1/tokens/"+id, "", "")
	wantProblem(t, status, ctype, body, http.StatusConflict, "already revoked")
}

// TestTokenIssueCannotImpersonate: operators enrol new principals, everyone
// may renew their own token, and nobody mints one for another existing
// principal (an operator could otherwise read the audit log as an auditor).
func TestTokenIssueCannotImpersonate(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	status, ctype, body := api.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json", `{"principal":"aldo","role":"auditor"}`)
	wantProblem(t, status, ctype, body, http.StatusForbidden, "token.existing_principal")
	status, _, body = api.call(t, enclave.RoleAuditor, "POST", "/v1/tokens", "application/json", `{"principal":"aldo","role":"auditor","ttl":"1h"}`)
	if status != http.StatusCreated {
		t.Errorf("auditor renewing their own token: %d %s", status, body)
	}
	status, ctype, body = api.call(t, enclave.RoleResearcher, "POST", "/v1/tokens", "application/json", `{"principal":"newbie","role":"researcher"}`)
	wantProblem(t, status, ctype, body, http.StatusForbidden, "role.not_permitted")
	status, ctype, body = api.call(t, enclave.RoleResearcher, "POST", "/v1/tokens", "application/json", `{"principal":"rita","role":"operator"}`)
	wantProblem(t, status, ctype, body, http.StatusConflict, "already exists")
}
