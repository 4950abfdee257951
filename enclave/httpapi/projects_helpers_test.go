package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres"
)

// validDraft is a project any officer may create: lead-1 leads it under
// s251 support, on a standard dataset at its minimum settings.
const validDraft = `{"title":"Childhood obesity in Leeds","purpose":"How BMI in childhood relates to later care.",
	"lead":"lead-1","members":["researcher-1"],"legal_basis":"s251_standard",
	"start_date":"2025-01-01","expiry_date":"2025-12-31",
	"scope":{"patients":["sex","year_of_birth"]},"disclosure":{"threshold":10,"rounding":5}}`

func (a *testAPI) setClock(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = t
}

// enrol creates principal id with role and keeps its token for callAs.
func (a *testAPI) enrol(t testing.TB, id string, role enclave.Role) {
	t.Helper()
	secret := a.enrolWith(t, id, role, enclave.MaxTokenTTL)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.secret[enclave.Role(id)] = secret
}

// vera is the governance officer every test API is bootstrapped with. She
// approves the enrolment of the officers and auditors tests enrol, and so
// never counts toward a four-eyes decision with them: tests leave her out.
const vera = "vera"

// enrolWith enrols principal id with role as otto, the operator, and
// returns its token's secret. An officer or an auditor is enrolled pending
// and approved by vera, as the enrolment policy requires.
func (a *testAPI) enrolWith(t testing.TB, id string, role enclave.Role, ttl time.Duration) string {
	t.Helper()
	ctx := context.Background()
	pending := role == enclave.RoleGovernance || role == enclave.RoleAuditor
	tok, err := a.tokens.Issue(ctx, otto, enclave.TokenRequest{PrincipalID: id, Role: role, TTL: ttl, Pending: pending})
	if err != nil {
		t.Fatal(err)
	}
	if pending {
		officer := enclave.Actor{Principal: enclave.Principal{ID: vera, Role: enclave.RoleGovernance}}
		if _, err := a.tokens.ApproveEnrolment(ctx, officer, id, ""); err != nil {
			t.Fatalf("approve the enrolment of %s: %v", id, err)
		}
	}
	return tok.Secret
}

// bootstrapOfficer enrols governance officer id as the owner role does at
// bootstrap, with no approval, keeps its token for callAs and returns it.
func (a *testAPI) bootstrapOfficer(t testing.TB, id string) string {
	t.Helper()
	ctx := context.Background()
	owner, err := postgres.Open(ctx, a.db.OwnerURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	secret, err := enclave.GenerateTokenSecret()
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := enclave.ParseToken(secret)
	boot := &enclave.Tokens{Store: &postgres.TokenStore{DB: owner}, Audit: &enclave.Audit{Store: &postgres.AuditStore{DB: owner}, Now: a.clock}, Now: a.clock}
	if ok, err := boot.BootstrapOfficers(ctx, []enclave.OfficerSeed{{ID: id, Hash: hash}}, enclave.MaxTokenTTL); err != nil || !ok {
		t.Fatalf("bootstrap officer %s: ok=%v err=%v", id, ok, err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.secret[enclave.Role(id)] = secret
	return secret
}

// callAs sends a request with the token of principal id ("" for none).
func (a *testAPI) callAs(t testing.TB, id, method, path, body string) (int, string, string) {
	t.Helper()
	ctype := ""
	if body != "" {
		ctype = "application/json"
	}
	a.mu.Lock()
	secret := a.secret[enclave.Role(id)]
	a.mu.Unlock()
	if id != "" && secret == "" {
		t.Fatalf("no token for %s: enrol it first", id)
	}
	return a.call(t, enclave.Role(id), method, path, ctype, body)
}

// seedProject stores a project made of base with changes applied, straight
// into the database (as a fixture: no policy decides it), and returns its
// id. Its principals must exist. It writes as the superuser: the service
// role may not store a project approved without audited approvals
// (migration 013).
func (a *testAPI) seedProject(t *testing.T, base, changes map[string]any) string {
	t.Helper()
	p := maps.Clone(base)
	maps.Copy(p, changes)
	id := "prj_" + randomLower(12)
	db := a.db.Super(t)
	ctx := context.Background()
	created := a.clock().Add(-time.Hour)
	_, err := db.Exec(ctx, `INSERT INTO projects (id, title, purpose, lead, legal_basis, start_date, expiry_date,
		scope, threshold, rounding, sensitive, state, submission, optout_ndoo, optout_type1, created_at, created_by, updated_at)
		VALUES ($1, 'Seeded project', 'A fixture.', $2, $3, $4, $5, '{"patients": ["sex"]}', 10, 5, $6, $7, 1, true, true, $8, $9, $8)`,
		id, p["lead"], p["legal_basis"], p["start_date"], p["expiry_date"], p["sensitive"], p["state"], created, p["created_by"])
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range p["members"].([]any) {
		if _, err := db.Exec(ctx, `INSERT INTO project_members VALUES ($1, $2, $3, 'otto')`, id, m, created); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range p["approvals"].([]any) {
		if _, err := db.Exec(ctx, `INSERT INTO project_approvals VALUES ($1, 1, $2, $3)`, id, o, created); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func randomLower(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// jsonFieldOr returns the string field of a JSON object body, or def.
func jsonFieldOr(body, field, def string) string {
	var m map[string]any
	if json.Unmarshal([]byte(body), &m) != nil {
		return def
	}
	if s, ok := m[field].(string); ok {
		return s
	}
	return def
}

// loadOptOutLists loads both opt-out lists, as of the clock's day, so that
// projects may use their data.
func (a *testAPI) loadOptOutLists(t *testing.T) {
	t.Helper()
	file := strings.Join(synthetic(20), "\n") + "\n"
	for _, list := range []optout.List{optout.ListNDOO, optout.ListType1} {
		req := enclave.OptOutRequest{List: list, Form: optout.FormDeny}
		if _, err := a.optouts.Load(context.Background(), otto, req, strings.NewReader(file)); err != nil {
			t.Fatal(err)
		}
	}
}
