package enclave_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
)

// auditRead is one read of the log, returning how much it served.
type auditRead struct {
	name string
	key  string // the member of the audit.read body that says what was read
	read func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error)
}

var auditReads = []auditRead{
	{"events", "events", func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error) {
		evs, err := a.Events(ctx, actor, enclave.AuditFilter{After: -1, Limit: 10})
		return len(evs), err
	}},
	{"checkpoint", "checkpoint", func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error) {
		cp, err := a.SignedCheckpoint(ctx, actor, -1)
		return len(cp), err
	}},
	{"hmac", "hmac_lookup", func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error) {
		mac, err := a.LookupHMAC(ctx, actor, "192.0.2.7")
		return len(mac), err
	}},
	{"inclusion", "inclusion_proof", func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error) {
		leaf, proof, err := a.InclusionProof(ctx, actor, 0, 4)
		return len(proof) + boolInt(leaf != [32]byte{}), err
	}},
	{"consistency", "consistency_proof", func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error) {
		proof, err := a.ConsistencyProof(ctx, actor, 2, 4)
		return len(proof), err
	}},
	{"summary", "summary", func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error) {
		// A log without queries has no days: an answer is what it serves.
		_, days, err := a.Summary(ctx, actor, enclave.SummaryWindow{})
		return len(days) + boolInt(err == nil), err
	}},
	{"export", "export", func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error) {
		exp, err := a.ExportEvents(ctx, actor, -1, -1)
		if err != nil {
			return 0, err
		}
		n := 0
		err = exp.Each(ctx, func([]byte) error { n++; return nil })
		return n, err
	}},
	{"columns", "columns", func(ctx context.Context, a *enclave.Audit, actor enclave.Actor) (int, error) {
		exp, err := a.ExportColumns(ctx, actor, 0, 3)
		if err != nil {
			return 0, err
		}
		n := 0
		err = exp.Each(ctx, func(audit.Columns) error { n++; return nil })
		return n, err
	}},
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestAuditReadsAreRecordedBeforeServed: every read of the log records an
// audit.read event saying what was read, and a read the log cannot record
// serves nothing.
func TestAuditReadsAreRecordedBeforeServed(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	if _, err := e.Audit.Checkpoint(ctx, false); err != nil {
		t.Fatal(err)
	}
	for _, r := range auditReads {
		t.Run(r.name, func(t *testing.T) {
			before := len(e.Events(t, enclave.AuditFilter{Kind: string(audit.KindAuditRead)}))
			e.FailRecord(true)
			n, err := r.read(ctx, e.Audit, st.Auditor)
			e.FailRecord(false)
			if enclave.ErrorCode(err) != enclave.CodeUnavailable || n != 0 {
				t.Errorf("with the log refusing writes: served %d, err %v; want nothing, unavailable", n, err)
			}
			n, err = r.read(ctx, e.Audit, st.Auditor)
			if err != nil || n == 0 {
				t.Fatalf("served %d, err %v", n, err)
			}
			evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindAuditRead)})
			if len(evs) != before+1 {
				t.Fatalf("%d audit.read events recorded, want 1", len(evs)-before)
			}
			ev := evs[len(evs)-1]
			var body map[string]any
			if err := json.Unmarshal(ev.Body, &body); err != nil || body[r.key] == nil {
				t.Errorf("audit.read body %s, want a member %q", ev.Body, r.key)
			}
			if ev.Principal != "aud-1" || ev.Outcome != audit.OutcomeSuccess || ev.TargetType != "audit" {
				t.Errorf("audit.read event = %+v", ev)
			}
		})
	}
}

// TestAuditReadsRecordFreeTextAsHMACs: what an auditor typed (a principal
// searched for, a value looked up) is recorded only as its HMAC.
func TestAuditReadsRecordFreeTextAsHMACs(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	const typed = "someone-typed-this"
	if _, err := e.Audit.Events(ctx, st.Auditor, enclave.AuditFilter{Principal: typed, TargetID: typed, After: -1, Limit: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Audit.LookupHMAC(ctx, st.Auditor, typed); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Audit.Summary(ctx, st.Auditor, enclave.SummaryWindow{Principal: typed}); err != nil {
		t.Fatal(err)
	}
	evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindAuditRead)})
	if len(evs) != 3 {
		t.Fatalf("%d audit.read events, want 3", len(evs))
	}
	for _, ev := range evs {
		if body := string(ev.Body); strings.Contains(body, typed) || !strings.Contains(body, e.Audit.FieldHMAC(typed)) {
			t.Errorf("audit.read body %s: want the typed text only as its HMAC", body)
		}
	}
}

func TestAuditReadsRefuseBadInputUnrecorded(t *testing.T) {
	t.Parallel()
	e := st.New(t)
	ctx := context.Background()
	for name, read := range map[string]func() error{
		"export past the end": func() error { _, err := e.Audit.ExportEvents(ctx, st.Auditor, 1000, -1); return err },
		"export backwards":    func() error { _, err := e.Audit.ExportColumns(ctx, st.Auditor, 3, 2); return err },
		"empty hmac value":    func() error { _, err := e.Audit.LookupHMAC(ctx, st.Auditor, ""); return err },
		"summary backwards": func() error {
			_, _, err := e.Audit.Summary(ctx, st.Auditor, enclave.SummaryWindow{Since: st.Start, Until: st.Start.AddDate(0, 0, -1)})
			return err
		},
		"checkpoint size": func() error { _, err := e.Audit.SignedCheckpoint(ctx, st.Auditor, -2); return err },
	} {
		if err := read(); enclave.ErrorCode(err) != enclave.CodeInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindAuditRead)}); len(evs) != 0 {
		t.Errorf("refused reads recorded %d audit.read events, want none", len(evs))
	}
}
