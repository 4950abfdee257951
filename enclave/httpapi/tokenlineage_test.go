package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// mint mints a token for principal who with who's token (the key of
// api.secret), stores its secret under as, and returns the status and body.
func (a *testAPI) mint(t *testing.T, who, principal, role, ttl, as string) (int, string) {
	t.Helper()
	status, _, body := a.callAs(t, who, "POST", "/v1/tokens", `{"principal":"`+principal+`","role":"`+role+`","ttl":"`+ttl+`"}`)
	if status == http.StatusCreated {
		a.mu.Lock()
		a.secret[enclave.Role(as)] = jsonField(t, body, "token")
		a.mu.Unlock()
	}
	return status, body
}

// works reports whether the token kept under who authenticates.
func (a *testAPI) works(t *testing.T, who string) bool {
	t.Helper()
	status, _, _ := a.callAs(t, who, "GET", "/v1/whoami", "")
	return status == http.StatusOK
}

// TestMintedTokensDieWithTheirParent: issue 13's third finding. A token
// could mint a 90-day successor for its own principal, and revoking the
// original left the successor working. A minted token now never outlives
// its parent and is revoked with it, transitively.
func TestMintedTokensDieWithTheirParent(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	api.secret["nina"] = api.enrolWith(t, "nina", enclave.RoleResearcher, enclave.DefaultTokenTTL)
	status, body := api.mint(t, "nina", "nina", "researcher", "2160h", "nina-90d")
	wantProblem(t, status, "application/problem+json", body, http.StatusBadRequest, "never outlives")
	if status, body := api.mint(t, "nina", "nina", "researcher", "", "nina-child"); status != http.StatusCreated || jsonField(t, body, "parent_id") == "" {
		t.Fatalf("mint a child: %d %s", status, body)
	}
	if status, body := api.mint(t, "nina-child", "nina", "researcher", "1h", "nina-grandchild"); status != http.StatusCreated {
		t.Fatalf("mint a grandchild: %d %s", status, body)
	}
	root := rootToken(t, api, "nina")
	if !api.works(t, "nina-child") || !api.works(t, "nina-grandchild") {
		t.Fatal("minted tokens do not work")
	}
	if status, _, body := api.callAs(t, "nina", "DELETE", "/v1/tokens/"+root, ""); status != http.StatusNoContent {
		t.Fatalf("revoke the root: %d %s", status, body)
	}
	for _, who := range []string{"nina", "nina-child", "nina-grandchild"} {
		if api.works(t, who) {
			t.Errorf("%s's token still works after the token that minted it was revoked", who)
		}
	}
	evs, err := api.auditLog.Events(context.Background(), enclave.AuditFilter{Kind: "token.revoke", After: -1})
	if err != nil || len(evs) != 3 {
		t.Fatalf("token.revoke events: %d %v, want 3 (the root and the two it minted)", len(evs), err)
	}
	cascaded := 0
	for _, ev := range evs {
		if strings.Contains(string(ev.Body), `"cascade_from":"`+root+`"`) {
			cascaded++
		}
	}
	if cascaded != 2 {
		t.Errorf("%d revocation events say they cascade from %s, want 2", cascaded, root)
	}
}

// rootToken is the id of the only token of principal without a parent.
func rootToken(t *testing.T, api *testAPI, principal string) string {
	t.Helper()
	toks, err := api.tokenStore.Tokens(context.Background(), principal)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range toks {
		if tok.ParentID == "" {
			return tok.ID
		}
	}
	t.Fatalf("%s has no root token", principal)
	return ""
}

// TestMintingIsBounded: a principal holds at most MaxMintedTokens live
// minted tokens, and a token minted with a token expiring soon lives no
// longer than it.
func TestMintingIsBounded(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	api.secret["nina"] = api.enrolWith(t, "nina", enclave.RoleResearcher, 2*time.Hour)
	for i := range enclave.MaxMintedTokens {
		if status, body := api.mint(t, "nina", "nina", "researcher", "1h", "nina-child"); status != http.StatusCreated {
			t.Fatalf("minted token %d: %d %s", i+1, status, body)
		}
	}
	status, body := api.mint(t, "nina", "nina", "researcher", "1h", "nina-extra")
	wantProblem(t, status, "application/problem+json", body, http.StatusConflict, "the most allowed", "revoke one first")
	// Revoking one makes room; a default lifetime is cut to the parent's.
	if status, _, body := api.callAs(t, "nina-child", "DELETE", "/v1/tokens/"+mintedBy(t, api, "nina")[0].ID, ""); status != http.StatusNoContent {
		t.Fatalf("revoke a child: %d %s", status, body)
	}
	status, body = api.mint(t, "nina", "nina", "researcher", "", "nina-extra")
	if status != http.StatusCreated {
		t.Fatalf("mint after a revocation: %d %s", status, body)
	}
	var tok enclave.IssuedToken
	if err := json.Unmarshal([]byte(body), &tok); err != nil {
		t.Fatal(err)
	}
	if want := api.clock().Add(2 * time.Hour); tok.ExpiresAt.After(want) {
		t.Errorf("a default-lifetime child expires at %s, after its parent (%s)", tok.ExpiresAt, want)
	}
	// An operator's enrolment token is no child: it is bounded by nothing
	// but the maximum lifetime.
	if status, body := api.mint(t, "operator", "nora", "researcher", "2160h", "nora"); status != http.StatusCreated || jsonFieldOr(body, "parent_id", "") != "" {
		t.Errorf("enrol for 90 days: %d %s", status, body)
	}
}

func mintedBy(t *testing.T, api *testAPI, principal string) []enclave.Token {
	t.Helper()
	toks, err := api.tokenStore.Tokens(context.Background(), principal)
	if err != nil {
		t.Fatal(err)
	}
	var minted []enclave.Token
	for _, tok := range toks {
		if tok.ParentID != "" && tok.RevokedAt == nil {
			minted = append(minted, tok)
		}
	}
	return minted
}

// TestRevokeEveryTokenOfAPrincipal: the principal itself or an operator
// revokes every token of a principal at once; nobody else may.
func TestRevokeEveryTokenOfAPrincipal(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	api.enrol(t, "nina", enclave.RoleResearcher)
	api.mint(t, "nina", "nina", "researcher", "1h", "nina-child")
	api.mint(t, "nina-child", "nina", "researcher", "1h", "nina-grandchild")
	api.enrol(t, "omar", enclave.RoleResearcher)
	status, ctype, body := api.callAs(t, "omar", "DELETE", "/v1/principals/nina/tokens", "")
	wantProblem(t, status, ctype, body, http.StatusForbidden, "token.not_owner")
	status, _, body = api.call(t, enclave.RoleOperator, "DELETE", "/v1/principals/nina/tokens", "", "")
	var out struct{ Revoked []enclave.Token }
	if status != http.StatusOK || json.Unmarshal([]byte(body), &out) != nil || len(out.Revoked) != 3 {
		t.Fatalf("revoke every token of nina: %d %s, want the 3 of them", status, body)
	}
	for _, who := range []string{"nina", "nina-child", "nina-grandchild"} {
		if api.works(t, who) {
			t.Errorf("%s's token still works", who)
		}
	}
	if !api.works(t, "omar") {
		t.Error("another principal's token was revoked too")
	}
	// Again: nothing left to revoke. A principal may revoke its own.
	if status, _, body := api.call(t, enclave.RoleOperator, "DELETE", "/v1/principals/nina/tokens", "", ""); status != http.StatusOK || !strings.Contains(body, `"revoked":[]`) {
		t.Errorf("revoke again: %d %s", status, body)
	}
	if status, _, body := api.callAs(t, "omar", "DELETE", "/v1/principals/omar/tokens", ""); status != http.StatusOK || api.works(t, "omar") {
		t.Errorf("revoke one's own: %d %s", status, body)
	}
	status, ctype, body = api.call(t, enclave.RoleOperator, "DELETE", "/v1/principals/nobody/tokens", "", "")
	wantProblem(t, status, ctype, body, http.StatusNotFound, "no such principal")
}

// TestRotateRenewsAToken: rotation replaces the caller's token and revokes
// the old one with every token it minted; a minted token's replacement still
// lives no longer than its parent.
func TestRotateRenewsAToken(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	api.secret["nina"] = api.enrolWith(t, "nina", enclave.RoleResearcher, time.Hour)
	api.mint(t, "nina", "nina", "researcher", "30m", "nina-child")
	old := rootToken(t, api, "nina")
	status, _, body := api.callAs(t, "nina", "POST", "/v1/tokens/rotate", `{"ttl":"720h"}`)
	if status != http.StatusCreated || jsonField(t, body, "rotated_from") != old {
		t.Fatalf("rotate: %d %s", status, body)
	}
	stale := api.secret["nina"]
	api.secret["nina"] = jsonField(t, body, "token")
	api.secret["nina-old"] = stale
	if !api.works(t, "nina") || api.works(t, "nina-old") || api.works(t, "nina-child") {
		t.Error("after rotation the new token must work, and neither the old one nor its child")
	}
	api.mint(t, "nina", "nina", "researcher", "1h", "nina-child")
	status, _, body = api.callAs(t, "nina-child", "POST", "/v1/tokens/rotate", `{"ttl":"1000h"}`)
	wantProblem(t, status, "application/problem+json", body, http.StatusBadRequest, "lives at most")
	if status, _, body := api.callAs(t, "nina-child", "POST", "/v1/tokens/rotate", ""); status != http.StatusCreated || jsonField(t, body, "parent_id") == "" {
		t.Errorf("rotate a child: %d %s, want a replacement in the same lineage", status, body)
	}
}
