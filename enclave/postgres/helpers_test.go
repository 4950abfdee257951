package postgres_test

import (
	"context"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/policies"
)

const testOrigin = "enclave.test/audit"

// services wires the token and audit services over a fresh database, with a
// dev checkpoint key, the real policies and a settable clock.
type services struct {
	db     *pgtest.DB
	tokens *enclave.Tokens
	audit  *enclave.Audit
	vkey   string
	now    time.Time
}

func newServices(t *testing.T) *services {
	t.Helper()
	db := pgtest.New(t)
	pool := db.Open(t)
	skey, vkey, err := audit.NewDevSigner(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	s := &services{db: db, vkey: vkey, now: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return s.now }
	s.audit = &enclave.Audit{
		Store: &postgres.AuditStore{DB: pool}, Origin: testOrigin, HMACKey: []byte("0123456789abcdef0123456789abcdef"),
		Sign: func(cp audit.Checkpoint) ([]byte, error) { return audit.SignCheckpoint(cp, signer) }, Now: clock,
	}
	engine, err := policies.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.tokens = &enclave.Tokens{Store: &postgres.TokenStore{DB: pool}, Audit: s.audit, Authorizer: engine, Now: clock}
	return s
}

func operator(id string) enclave.Actor {
	return enclave.Actor{Principal: enclave.Principal{ID: id, Role: enclave.RoleOperator}, RequestID: "req-1"}
}
