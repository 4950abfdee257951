package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/pseudonym"
)

// TestOptOutStatusAndListStates: each list is missing, ready, stale from its
// as-of date plus the maximum age, or keyed differently from the service;
// project.use decides on these states.
func TestOptOutStatusAndListStates(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	ctx := context.Background()
	states := func(svc *enclave.OptOuts, now time.Time) string {
		t.Helper()
		m, err := svc.ListStates(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		return m["ndoo"] + "," + m["type1"]
	}
	if got := states(e.svc, e.now); got != "missing,missing" {
		t.Errorf("nothing loaded: %s", got)
	}
	if _, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", datFile(synthetic(0, 10)...)); err != nil {
		t.Fatal(err)
	}
	staleAt := time.Date(2026, 4, 5, 0, 0, 0, 0, time.UTC) // as of 1 March + 35 days
	st, err := e.svc.Status(ctx, staleAt.Add(-time.Nanosecond))
	if err != nil || len(st) != 2 || st[0].Missing || st[0].Stale || !st[0].StaleAt.Equal(staleAt) || st[0].Current.Version != 1 ||
		st[1].List != optout.ListType1 || !st[1].Missing || st[1].Current != nil {
		t.Fatalf("status just before stale: %+v, %v", st, err)
	}
	if got := states(e.svc, staleAt.Add(-time.Nanosecond)); got != "ready,missing" {
		t.Errorf("fresh ndoo: %s", got)
	}
	if got := states(e.svc, staleAt); got != "stale,missing" {
		t.Errorf("stale ndoo, missing type1: %s", got)
	}

	rekeyed := *e.svc
	key2, _ := pseudonym.NewDevKey([]byte("another-key-of-thirty-two-bytes!"), 2)
	rekeyed.Pseudonymiser = pseudonym.LocalPseudonymiser{Key: key2}
	if got := states(&rekeyed, e.now); got != "key_mismatch,missing" {
		t.Errorf("after re-keying: %s", got)
	}
	rekeyed.Pseudonymiser = nil
	if got := states(&rekeyed, e.now); got != "ready,missing" {
		t.Errorf("without a key source the key cannot be checked: %s", got)
	}
	rekeyed.MaxAge = 0
	if got := states(&rekeyed, e.now); got != "stale,missing" {
		t.Errorf("with no maximum age every list is stale: %s", got)
	}
	if _, err := rekeyed.Load(ctx, operator("otto"), enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny},
		strings.NewReader("")); enclave.ErrorCode(err) != enclave.CodeUnavailable || !strings.Contains(err.Error(), "ENCLAVE_KEY_SOURCE") {
		t.Errorf("load without a key source: %v", err)
	}
}

// TestOptOutServiceRole: the service can load lists but not rewrite them.
func TestOptOutServiceRole(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	if _, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", datFile(synthetic(0, 10)...)); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE optout_versions SET as_of = '2026-03-09'",
		"UPDATE optout_versions SET form = 'allow'",
		"DELETE FROM optout_versions",
		"UPDATE optout_entries SET pid = pid",
		"TRUNCATE optout_entries",
		"DELETE FROM optout_entries",
		"DROP FUNCTION optout_permits(bytea, text[])",
	} {
		if _, err := e.pool.Pool.Exec(context.Background(), stmt); err == nil {
			t.Errorf("service role could run %q", stmt)
		}
	}
}

// TestOptOutConcurrentLoads: loads of one list at once are serialised into
// consecutive versions, and exactly one is current.
func TestOptOutConcurrentLoads(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", datFile(synthetic(i*20, 20)...))
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("load %d: %v", i, err)
		}
	}
	if got := e.count(t, `SELECT count(*) FROM optout_versions WHERE version BETWEEN 1 AND $1`, n); got != n {
		t.Errorf("%d versions numbered 1 to %d", got, n)
	}
	if got := e.count(t, `SELECT count(*) FROM optout_current`); got != 1 {
		t.Errorf("%d current versions", got)
	}
	if got := e.count(t, `SELECT count(*) FROM optout_entries`); got != 20 {
		t.Errorf("%d entries, want the current version's 20", got)
	}
}

func TestOptOutLoadChecksTheRequest(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	for _, req := range []enclave.OptOutRequest{{List: "gp", Form: optout.FormDeny}, {List: optout.ListNDOO}} {
		if _, err := e.svc.Load(context.Background(), operator("otto"), req, strings.NewReader("")); enclave.ErrorCode(err) != enclave.CodeInvalid {
			t.Errorf("%+v: %v, want invalid", req, err)
		}
	}
}
