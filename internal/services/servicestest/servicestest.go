// Package servicestest gives domain tests the enclave's services as the
// server wires them (services.New) over a fresh PostgreSQL database, with
// the real policies, the demo catalogue and mappings, a dev key and a
// settable clock, and principals of every role enrolled. Its audit store
// can be made to refuse writes, so that tests can show an action fails
// closed. Only tests import it; their TestMain must call pgtest.Run.
package servicestest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/catalogue"
	"github.com/research-enclave/enclave/enclave/ingest"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/enclave/reload"
	"github.com/research-enclave/enclave/internal/services"
	"github.com/research-enclave/enclave/internal/testkit"
	"github.com/research-enclave/enclave/pseudonym"

	democatalogue "github.com/research-enclave/enclave/catalogue"
	demomappings "github.com/research-enclave/enclave/mappings"
)

// Env is the service graph over one test's database.
type Env struct {
	*services.Set
	DB *pgtest.DB
	// Stored reads the audit log as stored, without the Audit service
	// (whose reads are themselves recorded).
	Stored *postgres.AuditStore
	log    *faultyLog
	mu     sync.Mutex
	now    time.Time
}

// Start is the clock every Env starts at, inside the dates of Draft.
var Start = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// The principals of every Env: an operator, a bootstrapped officer who
// approved the other officers' and the auditor's enrolment (and so never
// counts toward a four-eyes decision with them), two officers, researchers
// and an auditor.
var (
	Otto       = Actor("otto", enclave.RoleOperator)
	Vera       = Actor("vera", enclave.RoleGovernance)
	GovA       = Actor("gov-a", enclave.RoleGovernance)
	GovB       = Actor("gov-b", enclave.RoleGovernance)
	Lead       = Actor("lead-1", enclave.RoleResearcher)
	Researcher = Actor("researcher-1", enclave.RoleResearcher)
	Outsider   = Actor("researcher-2", enclave.RoleResearcher)
	Auditor    = Actor("aud-1", enclave.RoleAuditor)
)

// Actor is principal id with role, asking in request "req-test".
func Actor(id string, role enclave.Role) enclave.Actor {
	return enclave.Actor{Principal: enclave.Principal{ID: id, Role: role}, RequestID: "req-test"}
}

// Option changes how New wires the services.
type Option func(*services.Config)

// WithAnchor keeps the latest checkpoint in a, so that the services find
// rollbacks (Set.Rollbacks); New does not call Check.
func WithAnchor(a enclave.CheckpointAnchor) Option {
	return func(c *services.Config) { c.Anchor = a }
}

// WithQueryCache holds up to rows rows of the research datasets in memory
// (Set.QueryCache), closed when the test ends; New does not warm it.
func WithQueryCache(rows int64) Option {
	return func(c *services.Config) { c.Queries.CacheRows = rows }
}

// New returns the services over a fresh database, the principals enrolled
// and both opt-out lists loaded as of Start.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	ctx := context.Background()
	pdb := pgtest.New(t)
	db := pdb.Open(t)
	e := &Env{DB: pdb, Stored: &postgres.AuditStore{DB: db}, now: Start}
	e.log = &faultyLog{AuditStore: e.Stored}
	skey, vkey, err := audit.NewDevSigner("enclave.test/audit")
	must(t, err)
	signer, err := note.NewSigner(skey)
	must(t, err)
	aud := &enclave.Audit{
		Store: e.log, Origin: "enclave.test/audit", VerifierKey: vkey, HMACKey: []byte("test-audit-hmac-key-of-32-bytes!"), Now: e.Now,
		Sign: func(cp audit.Checkpoint) ([]byte, error) { return audit.SignCheckpoint(cp, signer) },
	}
	cat, err := catalogue.Load(democatalogue.FS)
	must(t, err)
	ms, err := ingest.LoadMappings(demomappings.FS, cat)
	must(t, err)
	key, err := pseudonym.NewDevKey([]byte("servicestest-dev-key-of-32bytes!"), 1)
	must(t, err)
	cfg := services.Config{
		DB: db, Catalogue: cat, Mappings: ms, Reread: rereadDemo, Pseudonymiser: pseudonym.LocalPseudonymiser{Key: key}, Audit: aud,
		Approvals: enclave.ApprovalSettings{Required: 1, RequiredSensitive: 2}, ReviewApprovals: 2, OptOutMaxAge: 35 * 24 * time.Hour,
		Queries: services.QuerySettings{
			ServiceRole: pgtest.ServiceRole, Timeout: 5 * time.Second,
			Limits: enclave.QueryLimits{MaxCells: 10000, MaxGroupBy: 4}, Differencing: true,
		},
		Now: e.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	e.Set, err = services.New(ctx, cfg)
	must(t, err)
	if e.QueryCache != nil {
		t.Cleanup(e.QueryCache.Close)
	}
	e.enrolAll(t)
	file := strings.Join(testkit.NHSNumbers(0, 20), "\n") + "\n"
	for _, list := range []optout.List{optout.ListNDOO, optout.ListType1} {
		_, err := e.OptOuts.Load(ctx, Otto, enclave.OptOutRequest{List: list, Form: optout.FormDeny}, strings.NewReader(file))
		must(t, err)
	}
	return e
}

// rereadDemo reads the demo catalogue and mappings again, as a dev-mode
// server's reload does; tests replace Reload.Read to change them.
func rereadDemo() (*reload.Files, error) {
	cat, err := catalogue.Load(democatalogue.FS)
	if err != nil {
		return nil, err
	}
	ms, err := ingest.LoadMappings(demomappings.FS, cat)
	if err != nil {
		return nil, err
	}
	return &reload.Files{Catalogue: cat, Mappings: ms}, nil
}

// enrolAll enrols the principals: otto and vera as at bootstrap (vera as
// the owner role does it), the others as otto, vera approving those
// enrolled pending.
func (e *Env) enrolAll(t testing.TB) {
	ctx := context.Background()
	if _, _, err := e.Tokens.Bootstrap(ctx, Otto.Principal.ID, "", time.Hour); err != nil {
		t.Fatal(err)
	}
	owner, err := postgres.Open(ctx, e.DB.OwnerURL, 2)
	must(t, err)
	defer owner.Close()
	secret, err := enclave.GenerateTokenSecret()
	must(t, err)
	hash, _ := enclave.ParseToken(secret)
	boot := &enclave.Tokens{Store: &postgres.TokenStore{DB: owner}, Audit: &enclave.Audit{Store: &postgres.AuditStore{DB: owner}, Now: e.Now}, Now: e.Now}
	if ok, err := boot.BootstrapOfficers(ctx, []enclave.OfficerSeed{{ID: Vera.Principal.ID, Hash: hash}}, enclave.MaxTokenTTL); err != nil || !ok {
		t.Fatalf("bootstrap officer vera: ok=%v err=%v", ok, err)
	}
	for _, a := range []enclave.Actor{GovA, GovB, Lead, Researcher, Outsider, Auditor} {
		role := a.Principal.Role
		pending := role == enclave.RoleGovernance || role == enclave.RoleAuditor
		req := enclave.TokenRequest{PrincipalID: a.Principal.ID, Role: role, TTL: enclave.MaxTokenTTL, Pending: pending}
		if _, err := e.Tokens.Issue(ctx, Otto, req); err != nil {
			t.Fatalf("enrol %s: %v", a.Principal.ID, err)
		}
		if pending {
			if _, err := e.Tokens.ApproveEnrolment(ctx, Vera, a.Principal.ID, ""); err != nil {
				t.Fatalf("approve the enrolment of %s: %v", a.Principal.ID, err)
			}
		}
	}
}

// Now is the Env's clock.
func (e *Env) Now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

// Advance moves the clock on by d.
func (e *Env) Advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// Events returns every stored event f selects (f.After is ignored), read
// without the Audit service.
func (e *Env) Events(t testing.TB, f enclave.AuditFilter) []audit.Event {
	t.Helper()
	f.After = -1
	evs, err := e.Stored.Events(context.Background(), f)
	must(t, err)
	return evs
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
