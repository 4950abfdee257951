package enclave_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/internal/services/servicestest"
)

// memAnchor keeps the checkpoint in memory, as Vault KV or a file would.
type memAnchor struct {
	mu     sync.Mutex
	signed []byte
}

func (m *memAnchor) Load(context.Context) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.signed, nil
}

func (m *memAnchor) Save(_ context.Context, signed []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.signed = signed
	return nil
}

func (m *memAnchor) String() string { return "memory" }

func (m *memAnchor) size(t *testing.T) uint64 {
	t.Helper()
	signed, _ := m.Load(context.Background())
	n, err := audit.CheckpointSize(signed)
	if err != nil {
		t.Fatalf("the anchor holds no checkpoint: %v", err)
	}
	return n
}

// newRollbackEnv returns services that keep their checkpoint in a fresh
// memory anchor, checked once as the server does at start.
func newRollbackEnv(t *testing.T) (*servicestest.Env, *memAnchor) {
	t.Helper()
	anchor := &memAnchor{}
	e := servicestest.New(t, servicestest.WithAnchor(anchor))
	if err := e.Rollbacks.Check(context.Background()); err != nil {
		t.Fatalf("first check: %v", err)
	}
	return e, anchor
}

// forge puts in the anchor a checkpoint, signed with the log's key, of a log
// of size with root: what the anchor holds after the database was restored
// from a backup older than the log it signed.
func forge(t *testing.T, e *servicestest.Env, anchor *memAnchor, size uint64, root [32]byte) {
	t.Helper()
	signed, err := e.Audit.Sign(audit.Checkpoint{Origin: e.Audit.Origin, Size: size, Root: root, Time: e.Now()})
	if err != nil {
		t.Fatal(err)
	}
	anchor.signed = signed
}

func head(t *testing.T, e *servicestest.Env) (uint64, [32]byte) {
	t.Helper()
	size, root, err := e.Audit.Store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return size, root
}

// TestRollbackAnchorFollowsCheckpoints: the first check saves the log as it
// is; every checkpoint signed after moves the anchor on.
func TestRollbackAnchorFollowsCheckpoints(t *testing.T) {
	t.Parallel()
	e, anchor := newRollbackEnv(t)
	ctx := context.Background()
	size, _ := head(t, e)
	if got := anchor.size(t); got != size {
		t.Errorf("first check saved size %d, want the log's %d", got, size)
	}
	if _, err := e.Audit.Checkpoint(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Audit.LookupHMAC(ctx, servicestest.Auditor, "10.1.2.3"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Audit.Checkpoint(ctx, false); err != nil {
		t.Fatal(err)
	}
	if got, want := anchor.size(t), size+1; got != want {
		t.Errorf("the anchor holds size %d after a new checkpoint, want %d", got, want)
	}
	if err := e.Rollbacks.Serving(ctx); err != nil {
		t.Errorf("Serving: %v", err)
	}
}

// TestRollbackFound: a database behind the anchor, or whose log does not
// begin with the anchor's, is a rollback, found at start and by the next
// checkpoint signed under a running service, which then saves nothing.
func TestRollbackFound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		saved func(size uint64, root [32]byte) (uint64, [32]byte)
		want  string
	}{
		{"shorter", func(size uint64, root [32]byte) (uint64, [32]byte) { return size + 3, [32]byte{1} },
			"its audit log has"},
		{"same size, other root", func(size uint64, root [32]byte) (uint64, [32]byte) { return size, [32]byte{2} },
			"does not begin with the log that checkpoint signed"},
		{"a prefix of another log", func(size uint64, root [32]byte) (uint64, [32]byte) { return size - 1, root },
			"does not begin with the log that checkpoint signed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, anchor := newRollbackEnv(t)
			ctx := context.Background()
			size, root := tt.saved(head(t, e))
			forge(t, e, anchor, size, root)
			saved := string(anchor.signed)
			err := e.Rollbacks.Check(ctx)
			if enclave.ErrorCode(err) != enclave.CodeRollback || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "restored to an earlier point") {
				t.Fatalf("Check = %v, want a rollback saying %q", err, tt.want)
			}
			if err := e.Rollbacks.Serving(ctx); enclave.ErrorCode(err) != enclave.CodeRollback {
				t.Errorf("Serving = %v, want a rollback", err)
			}
			if _, err := e.Audit.Checkpoint(ctx, false); err != nil {
				t.Errorf("a checkpoint under a rollback: %v, want it signed (auditors need it)", err)
			}
			if string(anchor.signed) != saved {
				t.Error("a checkpoint signed under a rollback replaced the anchor's")
			}
		})
	}
}

// TestRollbackFoundUnderRunningService: a restore under a running service
// is found by the next checkpoint it signs.
func TestRollbackFoundUnderRunningService(t *testing.T) {
	t.Parallel()
	e, anchor := newRollbackEnv(t)
	ctx := context.Background()
	size, _ := head(t, e)
	forge(t, e, anchor, size+10, [32]byte{3})
	if err := e.Rollbacks.Serving(ctx); err != nil {
		t.Fatalf("Serving before any comparison: %v", err)
	}
	if _, err := e.Audit.Checkpoint(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := e.Rollbacks.Serving(ctx); enclave.ErrorCode(err) != enclave.CodeRollback {
		t.Errorf("Serving after the checkpoint = %v, want a rollback", err)
	}
}

// TestRollbackGlanceFindsAShorterLog: once the anchor holds a checkpoint
// of a longer log than the database's (another replica signed it, then the
// database was restored), the next query finds the rollback, without
// waiting for a checkpoint of its own.
func TestRollbackGlanceFindsAShorterLog(t *testing.T) {
	t.Parallel()
	e, _ := newRollbackEnv(t)
	ctx := context.Background()
	size, _ := head(t, e)
	cp := audit.Checkpoint{Origin: e.Audit.Origin, Size: size + 10, Root: [32]byte{7}, Time: e.Now()}
	signed, err := e.Audit.Sign(cp)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Rollbacks.Advance(ctx, cp, signed); err != nil {
		t.Fatalf("Advance: %v", err)
	}
	if err := e.Rollbacks.Serving(ctx); enclave.ErrorCode(err) != enclave.CodeRollback {
		t.Errorf("Serving on a log shorter than the checkpoint saved = %v, want a rollback", err)
	}
}

// TestRollbackRefusesApprovals: while a rollback is found and not
// acknowledged, no held answer is approved (its cells would be checked
// against a ledger that has forgotten some), and the refusal is audited.
func TestRollbackRefusesApprovals(t *testing.T) {
	t.Parallel()
	e, anchor := newRollbackEnv(t)
	ctx := context.Background()
	size, _ := head(t, e)
	forge(t, e, anchor, size+5, [32]byte{6})
	if err := e.Rollbacks.Check(ctx); enclave.ErrorCode(err) != enclave.CodeRollback {
		t.Fatalf("Check = %v", err)
	}
	if _, err := e.Reviews.Approve(ctx, servicestest.GovA, "res_anything", ""); enclave.ErrorCode(err) != enclave.CodeRollback {
		t.Errorf("an approval during a rollback: %v, want refused for the rollback", err)
	}
	evs := e.Events(t, enclave.AuditFilter{Kind: "review.approve", Outcome: "failure", TargetID: "res_anything"})
	if len(evs) != 1 || !strings.Contains(string(evs[0].Body), `"failed":"rollback"`) {
		t.Errorf("the refused approval's audit events: %+v", evs)
	}
}

// TestRollbackAcknowledgeAndLift: the acknowledgement is audited with what
// was saved and found, serves again and holds answers; only a lifting ends
// the hold; both need a reason, and neither happens twice.
func TestRollbackAcknowledgeAndLift(t *testing.T) {
	t.Parallel()
	e, anchor := newRollbackEnv(t)
	ctx := context.Background()
	if _, err := e.Rollbacks.Acknowledge(ctx, servicestest.Otto, "no rollback"); enclave.ErrorCode(err) != enclave.CodeConflict {
		t.Errorf("acknowledging without a rollback: %v, want conflict", err)
	}
	size, root := head(t, e)
	forge(t, e, anchor, size+2, [32]byte{4})
	if err := e.Rollbacks.Check(ctx); enclave.ErrorCode(err) != enclave.CodeRollback {
		t.Fatalf("Check = %v", err)
	}
	for _, reason := range []string{"", "  ", strings.Repeat("x", 2001)} {
		if _, err := e.Rollbacks.Acknowledge(ctx, servicestest.Otto, reason); enclave.ErrorCode(err) != enclave.CodeInvalid {
			t.Errorf("reason %.10q: %v, want invalid", reason, err)
		}
	}
	rec, err := e.Rollbacks.Acknowledge(ctx, servicestest.Otto, "restored the nightly backup")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Rollback.SavedSize != size+2 || rec.Rollback.FoundSize != size || rec.Rollback.FoundRoot != root {
		t.Errorf("acknowledged %+v, want saved size %d, found size %d", rec.Rollback, size+2, size)
	}
	if err := e.Rollbacks.Serving(ctx); err != nil {
		t.Errorf("Serving after the acknowledgement: %v", err)
	}
	if err := e.Rollbacks.Check(ctx); err != nil {
		t.Errorf("Check after the acknowledgement: %v", err)
	}
	if got, want := anchor.size(t), size+1; got != want {
		t.Errorf("the anchor holds size %d after the acknowledgement, want %d (the log with its event)", got, want)
	}
	evs := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindRollbackAcknowledge)})
	if len(evs) != 1 || evs[0].Principal != "otto" || evs[0].Outcome != audit.OutcomeSuccess {
		t.Fatalf("acknowledgement events: %+v", evs)
	}
	body := string(evs[0].Body)
	for _, want := range []string{`"saved":{`, `"found":{`, `"reason":"hmac-sha256:`, `"anchor":"memory"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the event's body lacks %s: %s", want, body)
		}
	}
	if strings.Contains(body, "nightly") {
		t.Errorf("the event's body holds the reason's text: %s", body)
	}
	if held, err := e.Rollbacks.Held(ctx); err != nil || !held {
		t.Errorf("Held after the acknowledgement = %v, %v; want held", held, err)
	}
	if _, err := e.Rollbacks.Lift(ctx, servicestest.GovA, ""); enclave.ErrorCode(err) != enclave.CodeInvalid {
		t.Errorf("lifting without a reason: %v, want invalid", err)
	}
	lifted, err := e.Rollbacks.Lift(ctx, servicestest.GovA, "the answers since the backup were reviewed")
	if err != nil || len(lifted) != 1 {
		t.Fatalf("Lift = %v, %v", lifted, err)
	}
	if held, err := e.Rollbacks.Held(ctx); err != nil || held {
		t.Errorf("Held after the lifting = %v, %v; want not held", held, err)
	}
	if _, err := e.Rollbacks.Lift(ctx, servicestest.GovA, "again"); enclave.ErrorCode(err) != enclave.CodeConflict {
		t.Errorf("a second lifting: %v, want conflict", err)
	}
	if n := len(e.Events(t, enclave.AuditFilter{Kind: string(audit.KindRollbackLift)})); n != 1 {
		t.Errorf("%d lifting events, want 1", n)
	}
}

// TestRollbackSeenAcrossReplicas: a replica that found a rollback serves
// again once another replica's acknowledgement is in the log, at its next
// comparison, which it makes at most every 10 seconds of its clock.
func TestRollbackSeenAcrossReplicas(t *testing.T) {
	t.Parallel()
	e, anchor := newRollbackEnv(t)
	ctx := context.Background()
	size, _ := head(t, e)
	forge(t, e, anchor, size+1, [32]byte{5})
	if err := e.Rollbacks.Check(ctx); enclave.ErrorCode(err) != enclave.CodeRollback {
		t.Fatalf("Check = %v", err)
	}
	other := &enclave.Rollbacks{Anchor: anchor, Log: e.Rollbacks.Log, Audit: e.Audit, Now: e.Now}
	if _, err := other.Acknowledge(ctx, servicestest.Otto, "restored"); err != nil {
		t.Fatal(err)
	}
	if err := e.Rollbacks.Serving(ctx); enclave.ErrorCode(err) != enclave.CodeRollback {
		t.Errorf("Serving at once = %v, want the rollback it found", err)
	}
	e.Advance(10 * time.Second)
	if err := e.Rollbacks.Serving(ctx); err != nil {
		t.Errorf("Serving 10s later = %v, want the acknowledgement seen", err)
	}
}

// TestRollbackAnchorOfAnotherKey: a checkpoint the audit key did not sign is
// an error, never a rollback nor a pass.
func TestRollbackAnchorOfAnotherKey(t *testing.T) {
	t.Parallel()
	e, anchor := newRollbackEnv(t)
	skey, _, err := audit.NewDevSigner(e.Audit.Origin)
	if err != nil {
		t.Fatal(err)
	}
	other := *e.Audit
	other.Sign = func(cp audit.Checkpoint) ([]byte, error) { return audit.SignCheckpoint(cp, mustSigner(t, skey)) }
	anchor.signed, err = other.Sign(audit.Checkpoint{Origin: e.Audit.Origin, Size: 1, Root: [32]byte{6}, Time: e.Now()})
	if err != nil {
		t.Fatal(err)
	}
	err = e.Rollbacks.Check(context.Background())
	if err == nil || enclave.ErrorCode(err) == enclave.CodeRollback || !strings.Contains(err.Error(), "does not verify with the audit key") {
		t.Errorf("Check = %v, want an error saying the checkpoint does not verify", err)
	}
}

func mustSigner(t *testing.T, skey string) note.Signer {
	t.Helper()
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
