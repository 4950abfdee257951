package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

type eventsPage struct {
	Events []eventView `json:"events"`
}

func (a *testAPI) events(t *testing.T, query string) []eventView {
	t.Helper()
	status, _, body := a.call(t, enclave.RoleAuditor, "GET", "/v1/audit/events"+query, "", "")
	if status != 200 {
		t.Fatalf("audit events: %d %s", status, body)
	}
	var page eventsPage
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	return page.Events
}

func TestDenialsAndReadsAreAudited(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	api.call(t, enclave.RoleResearcher, "POST", "/v1/tokens", "application/json", `{"principal":"x","role":"operator"}`)
	api.call(t, enclave.RoleAnonymous, "POST", "/v1/tokens", "application/json", `{}`)
	status, ctype, body := api.call(t, enclave.RoleOperator, "GET", "/v1/audit/events", "", "")
	wantProblem(t, status, ctype, body, http.StatusForbidden, "role.not_permitted")

	events := api.events(t, "?kind=access.denied")
	if len(events) != 2 {
		t.Fatalf("access.denied events = %+v, want the researcher's and the operator's (anonymous ones are not audited)", events)
	}
	if e := events[0]; e.Principal != "rita" || e.TargetID != "token.issue" || e.Decision == nil || e.Decision.Reasons[0] != "role.not_permitted" || e.Decision.Revision == "" {
		t.Errorf("denial event = %+v", e)
	}
	reads := api.events(t, "?kind=audit.read&principal=aldo")
	if len(reads) != 2 {
		t.Errorf("audit.read events = %d, want 2 (the two reads so far)", len(reads))
	}
	client := api.audit.FieldHMAC("127.0.0.1")
	if !strings.Contains(string(reads[0].Body), client) {
		t.Errorf("audit.read body %s lacks the client's HMAC %s", reads[0].Body, client)
	}
	// A search's free-text values reach the log only as HMACs.
	api.events(t, "?principal=9434765919")
	for _, e := range api.events(t, "?kind=audit.read") {
		if strings.Contains(string(e.Body), "9434765919") {
			t.Errorf("audit.read event %d holds a searched value raw: %s", e.Seq, e.Body)
		}
	}
	status, _, body = api.call(t, enclave.RoleAuditor, "POST", "/v1/audit/hmac", "application/json", `{"value":"127.0.0.1"}`)
	if status != 200 || jsonField(t, body, "hmac") != client {
		t.Errorf("hmac lookup: %d %s, want %s", status, body, client)
	}
	for _, e := range api.events(t, "") {
		if raw, _ := json.Marshal(e); strings.Contains(string(raw), "127.0.0.1") {
			t.Errorf("event %d holds the raw client address or looked-up value: %s", e.Seq, raw)
		}
	}
}

func TestExportVerifiesAgainstSignedCheckpoint(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	for range 3 {
		api.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json", `{"principal":"nina","role":"researcher"}`)
	}
	status, _, signed := api.call(t, enclave.RoleOperator, "POST", "/v1/audit/checkpoints", "", "")
	if status != http.StatusCreated {
		t.Fatalf("sign checkpoint: %d %s", status, signed)
	}
	_, _, vkey := api.call(t, enclave.RoleAnonymous, "GET", "/v1/audit/key", "", "")
	verifier, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := audit.OpenCheckpoint([]byte(signed), verifier, "enclave.test/audit")
	if err != nil {
		t.Fatal(err)
	}
	status, ctype, log := api.call(t, enclave.RoleAuditor, "GET", "/v1/audit/log?to="+itoa(cp.Size), "", "")
	if status != 200 || ctype != "application/x-ndjson" {
		t.Fatalf("export: %d %s", status, ctype)
	}
	req, _ := http.NewRequest("GET", api.srv.URL+"/v1/audit/log", nil)
	req.Header.Set("Authorization", "Bearer "+api.secret[enclave.RoleAuditor])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if got := resp.Trailer.Get("X-Audit-Export"); got != "complete" {
		t.Errorf("export trailer = %q, want complete", got)
	}
	v := audit.NewVerifier()
	lines := strings.Split(strings.TrimSuffix(log, "\n"), "\n")
	for _, line := range lines {
		if err := v.Add([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Check(cp); err != nil {
		t.Fatal(err)
	}

	var proof struct {
		LeafHash string   `json:"leaf_hash"`
		Proof    []string `json:"proof"`
	}
	status, _, body := api.call(t, enclave.RoleAuditor, "GET", "/v1/audit/proofs/inclusion?index=1&size="+itoa(cp.Size), "", "")
	if status != 200 || json.Unmarshal([]byte(body), &proof) != nil {
		t.Fatalf("inclusion proof: %d %s", status, body)
	}
	if err := audit.VerifyInclusion(audit.LeafHash([]byte(lines[1])), 1, cp, unhex(t, proof.Proof)); err != nil {
		t.Errorf("inclusion proof does not verify: %v", err)
	}
	for _, q := range []string{"?index=5&size=2", "?index=0&size=999999", "?index=x&size=1", "?size=1"} {
		status, ctype, body := api.call(t, enclave.RoleAuditor, "GET", "/v1/audit/proofs/inclusion"+q, "", "")
		wantProblem(t, status, ctype, body, 400)
	}
	status, ctype, body = api.call(t, enclave.RoleAuditor, "GET", "/v1/audit/proofs/consistency?from=0&to=2", "", "")
	wantProblem(t, status, ctype, body, 400, "from")
}

// TestAuditFailureFailsClosed breaks the audit insert and checks that an
// action and a read both fail, and the action left nothing behind.
func TestAuditFailureFailsClosed(t *testing.T) {
	t.Parallel()
	api := newTestAPI(t)
	super := api.db.Super(t)
	if _, err := super.Exec(context.Background(), `
		CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
		CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_audit();`); err != nil {
		t.Fatal(err)
	}
	status, ctype, body := api.call(t, enclave.RoleOperator, "POST", "/v1/tokens", "application/json", `{"principal":"nina","role":"researcher"}`)
	wantProblem(t, status, ctype, body, http.StatusServiceUnavailable, "audit record could not be written")
	var n int
	if err := super.QueryRow(context.Background(), `SELECT count(*) FROM principals WHERE id = 'nina'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("nina exists after a failed audit (%d, %v)", n, err)
	}
	status, ctype, body = api.call(t, enclave.RoleAuditor, "GET", "/v1/audit/events", "", "")
	wantProblem(t, status, ctype, body, http.StatusServiceUnavailable)
	if strings.Contains(body, "token.") {
		t.Errorf("events were served without their read being audited: %s", body)
	}
}
