package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync/atomic"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
	"github.com/research-enclave/enclave/enclave/postgres/pgtest"
	"github.com/research-enclave/enclave/pseudonym"
)

// failingPseudonymiser fails its second call, in the middle of a load.
type failingPseudonymiser struct {
	pseudonym.LocalPseudonymiser
	calls atomic.Int32
}

func (f *failingPseudonymiser) Pseudonymise(ctx context.Context, ids []pseudonym.Identifier) ([]pseudonym.Pseudonym, error) {
	if f.calls.Add(1) == 2 {
		return nil, errors.New("vault: connection refused")
	}
	return f.LocalPseudonymiser.Pseudonymise(ctx, ids)
}

// tripReader serves r and calls trip once, when at least after bytes have
// been read; trip may return an error to fail the read with.
type tripReader struct {
	r       io.Reader
	after   int
	read    int
	tripped bool
	trip    func() error
}

func (t *tripReader) Read(b []byte) (int, error) {
	if !t.tripped && t.read >= t.after {
		t.tripped = true
		if err := t.trip(); err != nil {
			return 0, err
		}
	}
	n, err := t.r.Read(b[:min(len(b), 4096)])
	t.read += n
	return n, err
}

// TestOptOutLoadFailureLeavesNothing: a load that fails half way, whatever
// the cause, leaves the stored lists, the staging table and the audit log as
// they were.
func TestOptOutLoadFailureLeavesNothing(t *testing.T) {
	t.Parallel()
	e := newOptOutEnv(t)
	ctx := context.Background()
	if _, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-01", datFile(synthetic(0, 50)...)); err != nil {
		t.Fatal(err)
	}
	big := datFile(synthetic(0, 35_000)...) // four batches of pseudonyms
	events := e.count(t, `SELECT count(*) FROM audit_events`)
	request := enclave.OptOutRequest{List: optout.ListNDOO, Form: optout.FormDeny}

	t.Run("pseudonymiser fails", func(t *testing.T) {
		svc := *e.svc
		svc.Pseudonymiser = &failingPseudonymiser{LocalPseudonymiser: pseudonym.LocalPseudonymiser{Key: e.key}}
		_, err := svc.Load(ctx, operator("otto"), request, bytes.NewReader(big))
		if enclave.ErrorCode(err) != enclave.CodeUnavailable {
			t.Errorf("err = %v, want unavailable", err)
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		r := &tripReader{r: bytes.NewReader(big), after: 200_000, trip: func() error { cancel(); return nil }}
		_, err := e.svc.Load(cctx, operator("otto"), request, r)
		if enclave.ErrorCode(err) != enclave.CodeUnavailable {
			t.Errorf("err = %v, want unavailable", err)
		}
	})
	t.Run("upload cut off", func(t *testing.T) {
		r := &tripReader{r: bytes.NewReader(big), after: 200_000, trip: func() error { return io.ErrUnexpectedEOF }}
		_, err := e.svc.Load(ctx, operator("otto"), request, r)
		if enclave.ErrorCode(err) != enclave.CodeInvalid {
			t.Errorf("err = %v, want invalid", err)
		}
	})
	t.Run("database connection dropped", func(t *testing.T) {
		super := e.db.Super(t)
		r := &tripReader{r: bytes.NewReader(big), after: 200_000, trip: func() error {
			_, err := super.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE datname = current_database() AND usename = $1`, pgtest.ServiceRole)
			return err
		}}
		_, err := e.svc.Load(ctx, operator("otto"), request, r)
		if enclave.ErrorCode(err) != enclave.CodeUnavailable {
			t.Errorf("err = %v, want unavailable", err)
		}
	})

	if n := e.count(t, `SELECT count(*) FROM optout_versions`); n != 1 {
		t.Errorf("%d versions, want the first load's only", n)
	}
	if n := e.count(t, `SELECT count(*) FROM optout_entries`); n != 50 {
		t.Errorf("%d entries, want the first load's 50", n)
	}
	if n := e.count(t, `SELECT count(*) FROM optout_staging`); n != 0 {
		t.Errorf("%d staging rows left behind", n)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_events`); n != events {
		t.Errorf("%d audit events, want %d", n, events)
	}
	// And the service still works.
	if rep, err := e.load(t, optout.ListNDOO, optout.FormDeny, "2026-03-02", big); err != nil || rep.Version.Entries != 35_000 {
		t.Errorf("load after the failures: %+v, %v", rep.Version, err)
	}
}
