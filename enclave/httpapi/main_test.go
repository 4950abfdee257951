package httpapi

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/enclave/reload"
	"github.com/research-enclave/enclave/internal/services"
	"github.com/research-enclave/enclave/pseudonym"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	demomappings "github.com/research-enclave/enclave/mappings"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// testAPI is a server over a real database and the real policies, with one
// token per role.
type testAPI struct {
	srv    *httptest.Server
	audit  *enclave.Audit
	db     *pgtest.DB
	tokens *enclave.Tokens
	// auditLog and tokenStore read the log and the tokens as they are
	// stored, for tests to check what the services wrote without reading
	// through them (which would itself be audited).
	auditLog   *postgres.AuditStore
	tokenStore *postgres.TokenStore
	// projects is the service behind the project routes, for tests that
	// prepare projects directly.
	projects *enclave.Projects
	optouts  *enclave.OptOuts // keyed with optOutKey, a dev key
	answers  *answer.Service
	reviews  *enclave.Reviews
	loads    *ingest.Service
	reload   *reload.Service // re-reads the demo files; tests may replace its Read
	secret   map[enclave.Role]string
	log      *syncBuffer
	reg      *prometheus.Registry
	now      time.Time
	mu       sync.Mutex
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newTestAPI is the API over a fresh database, with the demo catalogue or
// the one catalogueFS holds.
func newTestAPI(t testing.TB, catalogueFS ...fs.FS) *testAPI {
	t.Helper()
	ctx := context.Background()
	pdb := pgtest.New(t)
	db := pdb.Open(t)
	api := &testAPI{db: pdb, secret: map[enclave.Role]string{}, log: &syncBuffer{}, reg: prometheus.NewRegistry(), now: time.Now().UTC()}
	skey, vkey, err := audit.NewDevSigner("enclave.test/audit")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	api.auditLog, api.tokenStore = &postgres.AuditStore{DB: db}, &postgres.TokenStore{DB: db}
	api.audit = &enclave.Audit{
		Store: api.auditLog, Origin: "enclave.test/audit", VerifierKey: vkey,
		Sign:    func(cp audit.Checkpoint) ([]byte, error) { return audit.SignCheckpoint(cp, signer) },
		HMACKey: []byte("test-audit-hmac-key-of-32-bytes!"), Now: api.clock,
	}
	cat, err := catalogue.Load(append(catalogueFS, democatalogue.FS)[0])
	if err != nil {
		t.Fatal(err)
	}
	ms, err := ingest.LoadMappings(demomappings.FS, cat)
	if err != nil {
		t.Fatal(err)
	}
	reread := func() (*reload.Files, error) { return &reload.Files{Catalogue: cat, Mappings: ms}, nil }
	set, err := services.New(ctx, services.Config{
		DB: db, Catalogue: cat, Mappings: ms, Reread: reread, Pseudonymiser: pseudonym.LocalPseudonymiser{Key: optOutKey(t)}, Audit: api.audit,
		Approvals: enclave.ApprovalSettings{Required: 1, RequiredSensitive: 2}, ReviewApprovals: 2, OptOutMaxAge: 35 * 24 * time.Hour,
		Queries: services.QuerySettings{
			ServiceRole: pgtest.ServiceRole, Timeout: 5 * time.Second,
			Limits: enclave.QueryLimits{MaxCells: 10000, MaxGroupBy: 4}, Differencing: true,
		},
		Now: api.clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	api.tokens, api.projects, api.optouts, api.loads, api.reviews, api.answers = set.Tokens, set.Projects, set.OptOuts, set.Loads, set.Reviews, set.Answers
	api.reload = set.Reload
	op, _, err := api.tokens.Bootstrap(ctx, "otto", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	api.secret[enclave.RoleOperator] = op.Secret
	api.bootstrapOfficer(t, vera)
	for _, p := range []struct {
		id   string
		role enclave.Role
	}{{"rita", enclave.RoleResearcher}, {"gina", enclave.RoleGovernance}, {"aldo", enclave.RoleAuditor}} {
		api.secret[p.role] = api.enrolWith(t, p.id, p.role, time.Hour)
	}
	h := New(Config{
		Tokens: api.tokens, Audit: api.audit, Access: set.Access, Catalogue: set.Files.Catalogue, Reload: set.Reload, Projects: api.projects, Reviews: api.reviews, History: set.History, OptOuts: api.optouts, Ingest: api.loads, Answers: api.answers,
		Checks:         []ReadyCheck{{Name: "database", Check: db.Ready}, {Name: "policy", Check: set.Policy.Ready}},
		Logger:         slog.New(slog.NewJSONHandler(api.log, nil)),
		Registry:       api.reg,
		MaxBodyBytes:   4096,
		MaxUploadBytes: 1 << 20,
		RequestTimeout: 30 * time.Second, // the service's default (internal/config), which benchmarks reach
	})
	api.srv = httptest.NewServer(h)
	t.Cleanup(api.srv.Close)
	return api
}

// otto is the operator every test API starts with.
var otto = enclave.Actor{Principal: enclave.Principal{ID: "otto", Role: enclave.RoleOperator}}

func (a *testAPI) clock() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

func (a *testAPI) advance(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = a.now.Add(d)
}

// call sends a request as role (RoleAnonymous: no token) and returns the
// status, content type and body.
func (a *testAPI) call(t testing.TB, role enclave.Role, method, path, contentType, body string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if s := a.secret[role]; s != "" {
		req.Header.Set("Authorization", "Bearer "+s)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return a.do(t, req)
}

func (a *testAPI) do(t testing.TB, req *http.Request) (int, string, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}
