package policies

import (
	"context"
	"io/fs"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/research-enclave/enclave/enclave"
)

// newTestEngine builds the engine from the embedded policies.
func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(context.Background())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func as(role enclave.Role, id string) enclave.Principal {
	return enclave.Principal{ID: id, Role: role}
}

func TestDecide(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	alice := as(enclave.RoleResearcher, "alice")
	tests := []struct {
		name      string
		in        enclave.PolicyInput
		wantAllow bool
		wantCodes []string
	}{
		{"anonymous liveness", enclave.PolicyInput{Principal: enclave.Anonymous, Action: "GET /livez"}, true, []string{"role.permitted"}},
		{"anonymous metrics", enclave.PolicyInput{Principal: enclave.Anonymous, Action: "GET /metrics"}, true, []string{"role.permitted"}},
		{"anonymous whoami", enclave.PolicyInput{Principal: enclave.Anonymous, Action: "GET /v1/whoami"}, false, []string{"auth.required"}},
		{"anonymous token.list_all", enclave.PolicyInput{Principal: enclave.Anonymous, Action: "token.list_all"}, false, []string{"auth.required"}},
		{"researcher whoami", enclave.PolicyInput{Principal: alice, Action: "GET /v1/whoami"}, true, []string{"role.permitted"}},
		{"researcher lists principals", enclave.PolicyInput{Principal: alice, Action: "GET /v1/principals"}, false, []string{"role.not_permitted"}},
		{"auditor lists principals", enclave.PolicyInput{Principal: as(enclave.RoleAuditor, "audrey"), Action: "GET /v1/principals"}, false, []string{"role.not_permitted"}},
		{"operator lists principals", enclave.PolicyInput{Principal: as(enclave.RoleOperator, "olga"), Action: "GET /v1/principals"}, true, []string{"role.permitted"}},
		{"governance deletes token route", enclave.PolicyInput{Principal: as(enclave.RoleGovernance, "gita"), Action: "DELETE /v1/tokens/{tokenID}"}, true, []string{"role.permitted"}},
		{"researcher lists all tokens", enclave.PolicyInput{Principal: alice, Action: "token.list_all"}, false, []string{"role.not_permitted"}},
		{"operator lists all tokens", enclave.PolicyInput{Principal: as(enclave.RoleOperator, "olga"), Action: "token.list_all"}, true, []string{"role.permitted"}},
		{"unknown route", enclave.PolicyInput{Principal: alice, Action: "GET /v1/secrets"}, false, []string{"action.unknown"}},
		{"raw URL is not a route", enclave.PolicyInput{Principal: alice, Action: "DELETE /v1/tokens/t-123"}, false, []string{"action.unknown"}},
		{"revoke own token", enclave.PolicyInput{Principal: alice, Action: "token.revoke", Resource: enclave.TokenOwnerResource{OwnerID: "alice"}}, true, []string{"token.owner"}},
		{"revoke other's token", enclave.PolicyInput{Principal: alice, Action: "token.revoke", Resource: enclave.TokenOwnerResource{OwnerID: "bob"}}, false, []string{"token.not_owner"}},
		{"operator revokes other's token", enclave.PolicyInput{Principal: as(enclave.RoleOperator, "olga"), Action: "token.revoke", Resource: enclave.TokenOwnerResource{OwnerID: "bob"}}, true, []string{"token.operator"}},
		{"anonymous revokes", enclave.PolicyInput{Principal: enclave.Anonymous, Action: "token.revoke", Resource: enclave.TokenOwnerResource{OwnerID: "bob"}}, false, []string{"auth.required"}},
		{"revoke without owner", enclave.PolicyInput{Principal: as(enclave.RoleOperator, "olga"), Action: "token.revoke"}, false, []string{"input.invalid"}},
		{"zero principal", enclave.PolicyInput{Action: "GET /livez"}, false, []string{"input.invalid"}},
		{"unknown role", enclave.PolicyInput{Principal: as("admin", "root"), Action: "GET /livez"}, false, []string{"input.invalid"}},
		{"researcher without id", enclave.PolicyInput{Principal: as(enclave.RoleResearcher, ""), Action: "GET /v1/whoami"}, false, []string{"input.invalid"}},
		{"empty action", enclave.PolicyInput{Principal: alice}, false, []string{"input.invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := e.Decide(t.Context(), tt.in)
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			var codes []string
			for _, r := range d.Reasons {
				codes = append(codes, r.Code)
				if r.Message == "" {
					t.Errorf("reason %s has no message", r.Code)
				}
			}
			if d.Allow != tt.wantAllow || !slices.Equal(codes, tt.wantCodes) {
				t.Errorf("Decide = allow %v, codes %v; want allow %v, codes %v", d.Allow, codes, tt.wantAllow, tt.wantCodes)
			}
			if d.Obligations == nil {
				t.Error("Obligations is nil, want an empty map")
			}
			if d.Revision != e.Revision() {
				t.Errorf("Revision = %q, want %q", d.Revision, e.Revision())
			}
		})
	}
}

func TestDecideConcurrently(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	in := enclave.PolicyInput{Principal: as(enclave.RoleOperator, "olga"), Action: "GET /v1/principals"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if d, err := e.Decide(t.Context(), in); err != nil || !d.Allow {
					t.Errorf("Decide = %v, %v; want allow", d.Allow, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestReady(t *testing.T) {
	t.Parallel()
	if err := newTestEngine(t).Ready(t.Context()); err != nil {
		t.Errorf("Ready: %v", err)
	}

	denyAll := policyFS(t, map[string]string{"authz.rego": `package enclave.authz
decision := {"allow": false, "reasons": [{"code": "closed", "message": "closed"}], "obligations": {}}
`})
	e, err := newEngine(t.Context(), denyAll)
	if err != nil {
		t.Fatalf("newEngine: %v", err)
	}
	if err := e.Ready(t.Context()); enclave.ErrorCode(err) != enclave.CodeUnavailable {
		t.Errorf("Ready with a deny-all policy = %v, want code %s", err, enclave.CodeUnavailable)
	}
}

// policyFS returns the embedded policies with files replaced or added.
func policyFS(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	names, err := fs.Glob(embedded, "*.rego")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(embedded, name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func TestNewRejectsBadBundles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fsys fs.FS
	}{
		{"no policies", fstest.MapFS{}},
		{"only tests", fstest.MapFS{"authz_test.rego": {Data: []byte("package enclave.authz_test\ntest_x if true\n")}}},
		{"parse error", policyFS(t, map[string]string{"broken.rego": "package enclave.broken\nx := \n"})},
		{"Rego v0 syntax", policyFS(t, map[string]string{"old.rego": "package enclave.old\nallow { true }\n"})},
		{"strict: unused variable", policyFS(t, map[string]string{"lax.rego": "package enclave.lax\nx if {\n\ty := 1\n\ttrue\n}\n"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if e, err := newEngine(t.Context(), tt.fsys); err == nil {
				t.Errorf("newEngine = %v, nil; want an error", e)
			}
		})
	}
}
