package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/ingest"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
	"github.com/research-enclave/enclave/internal/synth"
	demomappings "github.com/research-enclave/enclave/mappings"
)

// retractEnv is the services with a synthetic patients file, the demo
// mappings (right) and the same mapping with the wrong date layout.
type retractEnv struct {
	*st.Env
	file         []byte
	right, wrong *ingest.Mappings
}

func newRetractEnv(t *testing.T) *retractEnv {
	t.Helper()
	e := &retractEnv{Env: st.New(t)}
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), dir, synth.Options{People: 40, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	var err error
	if e.file, err = os.ReadFile(filepath.Join(dir, "patients.csv")); err != nil {
		t.Fatal(err)
	}
	e.right = e.Loads.Mappings()
	src, err := fs.ReadFile(demomappings.FS, "patients.mapping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	wrong := strings.Replace(string(src), `layout: "2006-01-02"`, `layout: "02/01/2006"`, 1)
	if e.wrong, err = ingest.LoadMappings(fstest.MapFS{"patients.mapping.yaml": {Data: []byte(wrong)}}, e.right.Catalogue()); err != nil {
		t.Fatal(err)
	}
	return e
}

// load loads the patients file with ms as otto.
func (e *retractEnv) load(t *testing.T, ms *ingest.Mappings) (ingest.Report, error) {
	t.Helper()
	e.Loads.Mappings = func() *ingest.Mappings { return ms }
	return e.Loads.Load(context.Background(), st.Otto, ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, bytes.NewReader(e.file))
}

// sql runs stmt as the service role and returns its single number.
func (e *retractEnv) sql(t *testing.T, stmt string, args ...any) (int64, error) {
	t.Helper()
	var n int64
	err := e.DB.Open(t).Pool.QueryRow(context.Background(), stmt, args...).Scan(&n)
	return n, err
}

// rows counts the rows of load id in the patients table.
func (e *retractEnv) rows(t *testing.T, id int64) int64 {
	t.Helper()
	n, err := e.sql(t, `SELECT count(*) FROM ds_patients_v1 WHERE load_id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStuckReloadThenRetractAndReload is issue 17's first finding: a file
// loaded under a mapping with the wrong date layout rejects every row, and
// the same file under the corrected mapping was "Nothing to do". Now the
// second load says the file must be retracted first; an operator asks, the
// requester cannot confirm, a governance officer does, and the same bytes
// load; loading them again is nothing to do. Every step is audited.
func TestStuckReloadThenRetractAndReload(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRetractEnv(t)

	bad, err := e.load(t, e.wrong)
	if err != nil || bad.RowsStored != 0 || bad.RowsRejected != 40 {
		t.Fatalf("load under the wrong mapping: %+v, %v; want every row rejected", bad.Record, err)
	}
	_, err = e.load(t, e.right)
	var ee *enclave.Error
	if !errors.As(err, &ee) || ee.Code != enclave.CodeConflict || !strings.Contains(ee.Message, "retract load") {
		t.Fatalf("same bytes, corrected mapping, before a retraction: %v; want a conflict that says to retract load %d", err, bad.ID)
	}

	l, err := e.Loads.Retract(ctx, st.Otto, bad.ID, "wrong date layout: every row rejected")
	if err != nil || l.State() != ingest.StatePending || !l.Retraction.ConfirmationRequired {
		t.Fatalf("retract: %+v, %v; want it pending a second person", l.Retraction, err)
	}
	if _, err := e.load(t, e.right); enclave.ErrorCode(err) != enclave.CodeConflict {
		t.Fatalf("reload while the retraction waits: %v; want a conflict", err)
	}
	_, err = e.Loads.ConfirmRetraction(ctx, st.Otto, bad.ID)
	if !errors.As(err, &ee) || ee.Code != enclave.CodeForbidden || len(ee.Reasons) != 1 || ee.Reasons[0].Code != "retraction.self" {
		t.Fatalf("the requester confirms: %v; want retraction.self", err)
	}
	l, err = e.Loads.ConfirmRetraction(ctx, st.GovA, bad.ID)
	if err != nil || l.State() != ingest.StateRetracted || l.Retraction.ConfirmedBy != st.GovA.Principal.ID {
		t.Fatalf("confirm: %+v, %v; want retracted by gov-a", l.Retraction, err)
	}

	good, err := e.load(t, e.right)
	if err != nil || good.Duplicate || good.RowsStored == 0 || good.ID == bad.ID {
		t.Fatalf("reload after the retraction: %+v, %v; want a new load of every row", good, err)
	}
	again, err := e.load(t, e.right)
	if err != nil || !again.Duplicate || again.ID != good.ID {
		t.Fatalf("the same bytes and mapping again: %+v, %v; want nothing to do (load %d)", again, err, good.ID)
	}

	want := []struct {
		kind    audit.Kind
		who     string
		outcome audit.Outcome
	}{
		{audit.KindDatasetRetract, "otto", audit.OutcomeSuccess},
		{audit.KindDatasetRetractConfirm, "otto", audit.OutcomeDenied},
		{audit.KindDatasetRetractConfirm, "gov-a", audit.OutcomeSuccess},
	}
	evs := e.Events(t, enclave.AuditFilter{TargetType: "load"})
	var got []audit.Event
	for _, ev := range evs {
		if ev.Kind != audit.KindDatasetLoad {
			got = append(got, ev)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d retraction events, want %d", len(got), len(want))
	}
	for i, w := range want {
		if g := got[i]; g.Kind != w.kind || g.Principal != w.who || g.Outcome != w.outcome || g.Decision == nil {
			t.Errorf("event %d: %s by %s %s, decision %+v; want %s by %s %s, decided", i, g.Kind, g.Principal, g.Outcome, g.Decision, w.kind, w.who, w.outcome)
		}
	}
	refused := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindDatasetLoad), Outcome: string(audit.OutcomeDenied)})
	if len(refused) != 2 || !strings.Contains(string(refused[0].Body), `"refused":"file.loaded"`) {
		t.Errorf("refused reloads audited: %d, first %s; want 2, file.loaded", len(refused), firstBody(refused))
	}
}

func firstBody(evs []audit.Event) string {
	if len(evs) == 0 {
		return ""
	}
	return string(evs[0].Body)
}

// TestRowsLeaveOnlyWithTheSecondPerson: a retraction the policy wants
// confirmed leaves the rows where they are, and the service role cannot
// remove them itself, in SQL, until a second person confirms; then they
// all leave, in the confirmation's transaction.
func TestRowsLeaveOnlyWithTheSecondPerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRetractEnv(t)
	r, err := e.load(t, e.right)
	if err != nil || r.RowsStored == 0 {
		t.Fatalf("load: %+v, %v", r.Record, err)
	}
	denied := func(stage string) {
		t.Helper()
		if _, err := e.sql(t, `SELECT retract_load_rows($1, now())`, r.ID); err == nil || !strings.Contains(err.Error(), "SQLSTATE 42501") {
			t.Errorf("%s: the service role calls retract_load_rows: %v; want insufficient_privilege", stage, err)
		}
		if _, err := e.sql(t, `WITH d AS (DELETE FROM ds_patients_v1 WHERE load_id = $1 RETURNING 1) SELECT count(*) FROM d`, r.ID); err == nil || !strings.Contains(err.Error(), "SQLSTATE 42501") {
			t.Errorf("%s: the service role deletes rows: %v; want permission denied", stage, err)
		}
		if n := e.rows(t, r.ID); n != r.RowsStored {
			t.Errorf("%s: %d rows of the load, want %d", stage, n, r.RowsStored)
		}
	}
	denied("live")
	if _, err := e.Loads.Retract(ctx, st.Otto, r.ID, "stored under the wrong practice code"); err != nil {
		t.Fatal(err)
	}
	denied("pending")
	if _, err := e.sql(t, `WITH c AS (INSERT INTO load_retraction_confirmations (load_id, confirmed_by, confirmed_at)
		VALUES ($1, 'otto', now()) RETURNING 1) SELECT count(*) FROM c`, r.ID); err == nil || !strings.Contains(err.Error(), "SQLSTATE 42501") {
		t.Errorf("the service role records the requester's own confirmation: %v; want insufficient_privilege", err)
	}
	l, err := e.Loads.ConfirmRetraction(ctx, st.GovB, r.ID)
	if err != nil || l.Retraction.RowsRemoved != r.RowsStored || l.Retraction.RetractedAt == nil {
		t.Fatalf("confirm: %+v, %v; want %d rows removed", l.Retraction, err, r.RowsStored)
	}
	if n := e.rows(t, r.ID); n != 0 {
		t.Errorf("%d rows of the retracted load left, want none", n)
	}
	if _, err := e.Loads.ConfirmRetraction(ctx, st.GovA, r.ID); enclave.ErrorCode(err) != enclave.CodeForbidden {
		t.Errorf("confirm a retracted load again: %v; want forbidden", err)
	}
	if read, err := e.Loads.LoadState(ctx, r.ID); err != nil || read.State() != ingest.StateRetracted || read.Retraction.ConfirmedBy != "gov-b" {
		t.Errorf("load read back: %+v, %v", read.Retraction, err)
	}
}

// TestRetractionRefusals: bad input, roles that may not, a load that does
// not exist; each refused with a clear error, and audited.
func TestRetractionRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRetractEnv(t)
	r, err := e.load(t, e.right)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		actor   enclave.Actor
		id      int64
		reason  string
		code    enclave.Code
		reason2 string
	}{
		{"researcher", st.Researcher, r.ID, "mine", enclave.CodeForbidden, "role.not_permitted"},
		{"auditor", st.Auditor, r.ID, "mine", enclave.CodeForbidden, "role.not_permitted"},
		{"blank reason", st.Otto, r.ID, "  ", enclave.CodeForbidden, "retraction.reason_required"},
		{"two lines", st.Otto, r.ID, "a\nb", enclave.CodeInvalid, ""},
		{"no such load", st.Otto, r.ID + 100, "gone", enclave.CodeNotFound, ""},
	} {
		_, err := e.Loads.Retract(ctx, c.actor, c.id, c.reason)
		var ee *enclave.Error
		if !errors.As(err, &ee) || ee.Code != c.code || (c.reason2 != "" && (len(ee.Reasons) == 0 || ee.Reasons[0].Code != c.reason2)) {
			t.Errorf("%s: %v; want %s %s", c.name, err, c.code, c.reason2)
		}
	}
	if n := e.rows(t, r.ID); n != r.RowsStored {
		t.Errorf("%d rows after refused retractions, want %d", n, r.RowsStored)
	}
	if evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindDatasetRetract), Outcome: string(audit.OutcomeDenied)}); len(evs) != 4 {
		t.Errorf("%d refused retractions audited, want 4 (every one but the malformed reason)", len(evs))
	}
}

// alone is a policy under which nobody needs a second person: it allows
// every retraction request, complete at once.
type alone struct{ enclave.Authorizer }

func (alone) Decide(context.Context, enclave.PolicyInput) (enclave.Decision, error) {
	return enclave.Decision{Allow: true, Reasons: []enclave.Reason{{Code: "role.permitted"}},
		Obligations: map[string]any{"confirmation_required": false, "state_after": "retracted"}, Revision: "sha256:alone"}, nil
}

// TestPolicyWithoutASecondPerson: when the policy asks for no second
// person, the request alone retracts the load, and the database accepts
// it (its guard reads the request's own setting and event).
func TestPolicyWithoutASecondPerson(t *testing.T) {
	t.Parallel()
	e := newRetractEnv(t)
	r, err := e.load(t, e.right)
	if err != nil {
		t.Fatal(err)
	}
	svc := *e.Loads
	svc.Authorizer = alone{}
	l, err := svc.Retract(context.Background(), st.Otto, r.ID, "a file for another region")
	if err != nil || l.State() != ingest.StateRetracted || l.Retraction.ConfirmationRequired || l.Retraction.RowsRemoved != r.RowsStored {
		t.Fatalf("retract alone: %+v, %v; want retracted at once, %d rows removed", l.Retraction, err, r.RowsStored)
	}
	if n := e.rows(t, r.ID); n != 0 {
		t.Errorf("%d rows left, want none", n)
	}
}
