package postgres_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/internal/testkit"
	"github.com/research-enclave/enclave/pseudonym"
)

// optOutEnv is an opt-out service over a fresh database, keyed with a dev
// key, with a settable clock.
type optOutEnv struct {
	db   *pgtest.DB
	pool *postgres.DB
	svc  *enclave.OptOuts
	key  pseudonym.Key
	now  time.Time
}

func newOptOutEnv(t testing.TB) *optOutEnv {
	t.Helper()
	e := &optOutEnv{db: pgtest.New(t), now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
	e.pool = e.db.Open(t)
	var err error
	if e.key, err = pseudonym.NewDevKey([]byte("optout-test-key-of-thirty-two-b!"), 1); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return e.now }
	aud := &enclave.Audit{Store: &postgres.AuditStore{DB: e.pool}, HMACKey: []byte("0123456789abcdef0123456789abcdef"), Now: clock}
	e.svc = &enclave.OptOuts{
		Store: &postgres.OptOutStore{DB: e.pool}, Audit: aud,
		Pseudonymiser: pseudonym.LocalPseudonymiser{Key: e.key}, MaxAge: 35 * 24 * time.Hour, Now: clock,
	}
	return e
}

// load loads a list file as otto.
func (e *optOutEnv) load(t testing.TB, list optout.List, form optout.Form, asOf string, file []byte) (enclave.OptOutReport, error) {
	t.Helper()
	req := enclave.OptOutRequest{List: list, Form: form}
	if asOf != "" {
		d, err := optout.ParseDate(asOf)
		if err != nil {
			t.Fatal(err)
		}
		req.AsOf = d
	}
	return e.svc.Load(context.Background(), operator("otto"), req, bytes.NewReader(file))
}

// pid is the pseudonym bytes of an NHS number under the env's key.
func (e *optOutEnv) pid(t testing.TB, number string) []byte {
	t.Helper()
	n, err := pseudonym.ParseNHSNumber(number)
	if err != nil {
		t.Fatal(err)
	}
	sum := e.key.Pseudonymise(pseudonym.NHS(n)).Sum()
	return sum[:]
}

// count runs a count query as the superuser.
func (e *optOutEnv) count(t testing.TB, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.db.Super(t).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// datFile writes numbers one per line, in the MESH form.
func datFile(numbers ...string) []byte {
	return []byte(strings.Join(numbers, ",\n") + ",\n")
}

// synthetic returns n valid 999-range NHS numbers after the first skip.
var synthetic = testkit.NHSNumbers

var gzipped = testkit.Gzip
