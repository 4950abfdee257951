package ingest_test

import (
	"context"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// TestLoadsNewestFirst: the list of loads holds each load with its counts
// and its state, a retracted one with who confirmed it, newest first and
// in pages; bad bounds are refused naming the bound.
func TestLoadsNewestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRetractEnv(t)
	wrong, err := e.load(t, e.wrong)
	if err != nil || wrong.RowsRejected == 0 {
		t.Fatalf("load under the wrong mapping: %+v, %v; want its rows rejected", wrong.Record, err)
	}
	if _, err := e.Loads.Retract(ctx, st.Otto, wrong.ID, "loaded under the wrong date layout"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Loads.ConfirmRetraction(ctx, st.GovB, wrong.ID); err != nil {
		t.Fatal(err)
	}
	right, err := e.load(t, e.right)
	if err != nil {
		t.Fatal(err)
	}
	loads, next, err := e.Loads.Loads(ctx, -1, 0)
	if err != nil || next != -1 || len(loads) != 2 {
		t.Fatalf("Loads = %d loads, next %d, %v; want 2 and the last page", len(loads), next, err)
	}
	if l := loads[0]; l.ID != right.ID || l.State() != ingest.StateLive || l.RowsStored != right.RowsStored {
		t.Errorf("newest = load %d %s, %d stored; want load %d live, %d stored", l.ID, l.State(), l.RowsStored, right.ID, right.RowsStored)
	}
	if l := loads[1]; l.ID != wrong.ID || l.State() != ingest.StateRetracted || l.Retraction.ConfirmedBy != st.GovB.Principal.ID ||
		l.RowsRejected != wrong.RowsRejected || l.RejectedByReason == nil {
		t.Errorf("oldest = load %d %s, %+v; want load %d retracted, confirmed by gov-b, with its rejects", l.ID, l.State(), l.Retraction, wrong.ID)
	}
	page, next, err := e.Loads.Loads(ctx, -1, 1)
	if err != nil || len(page) != 1 || next != right.ID {
		t.Fatalf("first page of 1 = %d, next %d, %v; want 1 and %d", len(page), next, err, right.ID)
	}
	if page, _, err = e.Loads.Loads(ctx, next, 1); err != nil || len(page) != 1 || page[0].ID != wrong.ID {
		t.Errorf("second page = %+v, %v; want load %d", page, err, wrong.ID)
	}
	for _, tt := range []struct {
		name   string
		before int64
		limit  int
	}{
		{"limit too large", -1, ingest.MaxLoads + 1},
		{"negative limit", -1, -3},
		{"before 0", 0, 10},
		{"before below -1", -2, 10},
	} {
		if _, _, err := e.Loads.Loads(ctx, tt.before, tt.limit); enclave.ErrorCode(err) != enclave.CodeInvalid {
			t.Errorf("%s: %v, want invalid", tt.name, err)
		}
	}
}
