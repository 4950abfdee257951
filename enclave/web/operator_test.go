package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
	"github.com/research-enclave/enclave/internal/synth"
)

// TestOptOutListsCurrentThenStale: the operator sees both lists ready as
// loaded, and stale once their as-of date is older than the maximum age.
func TestOptOutListsCurrentThenStale(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	_, body := s.signedIn(t, enclave.RoleOperator).get("/optouts")
	if strings.Count(body, `<span class="state">ready</span>`) != 2 {
		t.Errorf("as loaded: want both lists ready\n%s", body)
	}
	s.env.Advance(36 * 24 * time.Hour)
	// The site's tokens last a day: a second operator signs in now.
	_, body = s.signInAs(t, s.enrol(t, "web-operator-2", enclave.RoleOperator)).get("/optouts")
	if strings.Count(body, `<span class="state">stale</span>`) != 2 {
		t.Errorf("36 days on: want both lists stale\n%s", body)
	}
}

// badNumber is an NHS number that cannot be one: its line is rejected, and
// no page may show it.
const badNumber = "12345ABCDE"

// TestLoadRejectReport: a load with a bad line heads the list of loads,
// linked to its page, which shows its counts, its rejects by reason and
// the rejected line with its column and rule, never the rejected value; a wrong id or page is refused on the form,
// and an unknown load is not found.
func TestLoadRejectReport(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 30, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "patients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(file), "\n"), "\n")
	_, rest, _ := strings.Cut(lines[1], ",")
	lines = append(lines, badNumber+","+rest)
	rep, err := s.env.Loads.Load(t.Context(), st.Otto, ingest.Request{Dataset: "patients", Mapping: "synth_patients"},
		strings.NewReader(strings.Join(lines, "\n")+"\n"))
	if err != nil || rep.RowsRejected != 1 {
		t.Fatalf("load: %d rejected, %v; want 1", rep.RowsRejected, err)
	}
	b := s.signedIn(t, enclave.RoleOperator)
	id := strconv.FormatInt(rep.ID, 10)
	resp, body := b.get("/loads")
	first, _, _ := strings.Cut(body[strings.Index(body, "<tbody>"):], "</tr>")
	if resp.StatusCode != http.StatusOK || !strings.Contains(first, `<a href="/loads?id=`+id+`">`+id+`</a>`) ||
		!strings.Contains(first, `<span class="state">live</span>`) || !strings.Contains(first, `<td class="num">1</td>`) {
		t.Errorf("list of loads: %d, want load %s first, live, one row rejected\n%s", resp.StatusCode, id, body)
	}
	if resp, body := b.get("/loads?before=0"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "whole number") {
		t.Errorf("a wrong page of loads: %d\n%s", resp.StatusCode, body)
	}
	resp, body = b.get("/loads?id=" + id)
	reason := `<tr><th scope="row">` + rep.Rejects[0].Reason + `</th><td class="num">1</td></tr>`
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, reason) || !strings.Contains(body, "<dt>Rows rejected</dt><dd>1</dd>") {
		t.Errorf("load page: %d, want one reject by reason %q\n%s", resp.StatusCode, rep.Rejects[0].Reason, body)
	}
	rj := rep.Rejects[0]
	line := fmt.Sprintf(`<tr><th scope="row" class="num">%d</th><td>%s</td><td>%s</td></tr>`, rj.Line, rj.Column, rj.Reason)
	if !strings.Contains(body, line) || !strings.Contains(body, "<dt>Finished</dt><dd>"+rep.FinishedAt.UTC().Format("2 Jan 2006 15:04 UTC")) {
		t.Errorf("load page: want the rejected line %s and when the load finished\n%s", line, body)
	}
	if strings.Contains(body, badNumber) {
		t.Error("the load page shows the rejected value")
	}
	if resp, body := b.get("/loads?id=x"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "whole number") {
		t.Errorf("a wrong id: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := b.get("/loads?id=99999"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown load: %d, want 404", resp.StatusCode)
	}
	if resp, _ := s.signedIn(t, enclave.RoleResearcher).get("/loads?id=" + id); resp.StatusCode != http.StatusForbidden ||
		!denied(t, s, s.id[enclave.RoleResearcher], "GET /v1/loads/{loadID}") {
		t.Errorf("a researcher asking for a load: %d, want 403 audited as the route's refusal", resp.StatusCode)
	}
}

// TestTokensListAndRevoke: a researcher sees only their own tokens and
// cannot revoke another's (refused and audited as token.revoke); an
// operator sees everyone's and revokes the researcher's, which ends the
// researcher's session.
func TestTokensListAndRevoke(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	researcher, operator := s.signedIn(t, enclave.RoleResearcher), s.signedIn(t, enclave.RoleOperator)
	own := tokenOf(t, s, s.id[enclave.RoleResearcher])
	other := tokenOf(t, s, s.id[enclave.RoleOperator])
	_, body := researcher.get("/tokens")
	if !strings.Contains(body, own.ID) || strings.Contains(body, other.ID) {
		t.Errorf("the researcher's tokens: want %s only\n%s", own.ID, body)
	}
	if resp, _ := researcher.post("/tokens/"+other.ID+"/revoke", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the researcher revoking the operator's token: %d, want 403", resp.StatusCode)
	}
	if !denied(t, s, s.id[enclave.RoleResearcher], "token.revoke") {
		t.Error("the refused revocation is not audited as token.revoke denied")
	}
	if _, body := operator.get("/tokens?principal=" + s.id[enclave.RoleResearcher]); !strings.Contains(body, own.ID) || strings.Contains(body, other.ID) {
		t.Errorf("the operator's search by principal:\n%s", body)
	}
	if resp, _ := operator.post("/tokens/"+own.ID+"/revoke", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the operator revoking: %d, want 303", resp.StatusCode)
	}
	if resp, _ := researcher.get("/tokens"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
		t.Errorf("after the revocation the researcher's page: %d to %q, want the sign-in page", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// tokenOf is principal's one token.
func tokenOf(t *testing.T, s *site, principal string) enclave.Token {
	t.Helper()
	toks, err := s.env.Tokens.List(t.Context(), st.Otto, principal)
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens of %s: %v %v", principal, toks, err)
	}
	return toks[0]
}
