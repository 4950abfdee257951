package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/internal/browsertest"
)

// TestJourneyAuditorProvesAQuery, in a real browser: after a researcher's
// query, an auditor signs in, searches the log for query.run events, opens
// the researcher's, and downloads its inclusion proof, which verifies
// offline with only the log's public key.
func TestJourneyAuditorProvesAQuery(t *testing.T) {
	t.Parallel()
	s, project := withData(t)
	if resp, _ := s.signedIn(t, enclave.RoleResearcher).post("/projects/"+project+"/query/run", url.Values{"sql": {bySex}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the researcher's run: %d", resp.StatusCode)
	}
	ctx := browsertest.New(t)
	shots := screenshots(t)
	browsertest.Do(t, ctx, "sign in with the auditor's token and search for queries run",
		chromedp.Navigate(s.srv.URL+"/signin"),
		chromedp.SendKeys(chromedp.ID("token"), s.secret[enclave.RoleAuditor]),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/signout']")),
		chromedp.Navigate(s.srv.URL+"/audit/events"),
		chromedp.SetValue(chromedp.ID("kind"), string(audit.KindQueryRun)),
		chromedp.SendKeys(chromedp.ID("principal"), s.id[enclave.RoleResearcher]),
		chromedp.Submit(chromedp.ID("principal")),
		chromedp.WaitVisible(chromedp.CSS("table caption")),
		chromedp.Click(chromedp.CSS("tbody a[href^='/audit/events/']")),
		chromedp.WaitVisible(chromedp.CSS("form[action$='/proof']")),
	)
	browsertest.Screenshot(t, ctx, shots, "auditor-event")
	at := browsertest.Get(t, ctx, "where the browser is", chromedp.Location())
	seq, err := strconv.ParseUint(path.Base(at), 10, 64)
	if err != nil {
		t.Fatalf("the event's page is at %s", at)
	}
	if record := browsertest.Get(t, ctx, "read the canonical record", chromedp.Text(chromedp.CSS("pre"))); !strings.Contains(record, `"kind":"query.run"`) ||
		!strings.Contains(record, s.id[enclave.RoleResearcher]) {
		t.Fatalf("event %d's canonical record is not the researcher's query:\n%s", seq, record)
	}
	// The proof form's POST, sent as the browser sends the form, with the
	// session's cookie, its body read rather than saved to disk.
	body := browsertest.Get(t, ctx, "download the inclusion proof", chromedp.Evaluate[string](
		`fetch(document.querySelector("form[action$='/proof']").action, {method: "POST"}).then(r => r.ok ? r.text() : "status " + r.status)`,
		chromedp.EvalAwaitPromise))
	var bundle audit.Bundle
	if err := json.Unmarshal([]byte(body), &bundle); err != nil {
		t.Fatalf("the proof download: %v\n%s", err, body)
	}
	verifier, err := audit.ParseVerifierKey(s.env.Audit.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	if verdict, err := audit.CheckBundle(bundle, verifier); err != nil || bundle.Index != seq {
		t.Errorf("the downloaded proof of event %d (index %d) does not verify offline: %v (%s)", seq, bundle.Index, err, verdict)
	}
}
