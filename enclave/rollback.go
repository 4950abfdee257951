package enclave

import (
	"context"
	"encoding/hex"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// A database restored from an older backup has forgotten the cells the
// differencing ledger remembered since, and its audit log has shrunk. The
// service keeps the latest signed checkpoint outside the database (a
// CheckpointAnchor) and compares them: a database behind the anchor is a
// rollback, and queries are refused until an operator acknowledges it;
// after that every answer is held for output review until a governance
// officer lifts the hold (docs/operations.md, "Backup and restore").

// CheckpointAnchor keeps the latest signed checkpoint outside the database:
// Vault KV in production, a file in dev mode.
type CheckpointAnchor interface {
	// Load returns the checkpoint saved last, as signed; nil when none
	// was ever saved.
	Load(ctx context.Context) ([]byte, error)
	// Save replaces it.
	Save(ctx context.Context, signed []byte) error
	// String names where it is kept, for messages.
	String() string
}

// RollbackLog reads the audit events that acknowledge rollbacks and lift
// their hold: the state of a rollback is in the audit log, nowhere else,
// so that it is as tamper-evident as the log and is restored with it.
// postgres.AuditStore implements it.
type RollbackLog interface {
	// RollbackEvents returns every audit.rollback_acknowledge and
	// audit.rollback_lift event, in log order.
	RollbackEvents(ctx context.Context) ([]audit.Event, error)
}

// Rollback is what the comparison of the database with the anchor found:
// the database's audit log is shorter than the saved checkpoint's, or does
// not begin with the log the saved checkpoint signed.
type Rollback struct {
	SavedSize uint64
	SavedRoot [32]byte
	SavedAt   time.Time // the saved checkpoint's time
	FoundSize uint64
	FoundRoot [32]byte
	Where     string // the anchor's String
}

// Error says what was found, for operators: sizes and roots of the audit
// log only.
func (r *Rollback) Error() string {
	how := "its audit log does not begin with the log that checkpoint signed"
	if r.FoundSize < r.SavedSize {
		how = fmt.Sprintf("its audit log has %d events, the checkpoint %d", r.FoundSize, r.SavedSize)
	}
	return fmt.Sprintf("the database was restored to an earlier point: it is behind the checkpoint saved in %s at %s (%s); "+
		"queries are refused until an operator acknowledges the rollback (enclave audit acknowledge-rollback --reason ...)",
		r.Where, r.SavedAt.UTC().Format(time.RFC3339), how)
}

// refusal is the error callers get while r is not acknowledged: what
// happened and what ends it, for anyone; the sizes, roots and where the
// checkpoint is kept go to the log only.
func (r *Rollback) refusal() error {
	return &Error{Code: CodeRollback, Err: r, Message: "the enclave's database was restored to an earlier point (an older backup), " +
		"so no query is answered until an operator acknowledges the rollback: the answers it has forgotten could otherwise be differenced"}
}

// record is the audit body of r: the saved and found sizes and roots.
func (r *Rollback) record() map[string]any {
	return map[string]any{
		"saved": map[string]any{"size": r.SavedSize, "root": hex.EncodeToString(r.SavedRoot[:]), "time": r.SavedAt.UTC().Format(time.RFC3339)},
		"found": map[string]any{"size": r.FoundSize, "root": hex.EncodeToString(r.FoundRoot[:])},
	}
}

// RollbackRecord is an acknowledged rollback, as its audit event records
// it.
type RollbackRecord struct {
	Seq            uint64 // of the acknowledgement's event
	Rollback       Rollback
	AcknowledgedBy string
	AcknowledgedAt time.Time
}

// Rollbacks guards the service against a database restored to an earlier
// point. Check compares the database with the anchor (at start, on reload,
// and whenever a checkpoint is signed, through Advance); until a rollback
// it found is acknowledged, Serving refuses queries and readiness fails.
type Rollbacks struct {
	Anchor CheckpointAnchor
	Log    RollbackLog
	Audit  *Audit
	Now    func() time.Time

	mu    sync.Mutex // serialises comparisons, and the anchor's loads and saves
	state atomic.Pointer[rollbackState]
	// savedSize is the size of the checkpoint last read from or saved in
	// the anchor; glancedAt, when Serving last compared the log's size
	// with it (Unix nanoseconds of Now).
	savedSize atomic.Uint64
	glancedAt atomic.Int64
}

// rollbackState is what the last comparison found, read by every query
// without waiting for a comparison under way.
type rollbackState struct {
	found     *Rollback // unacknowledged; nil when queries may be answered
	checkedAt time.Time
}

// current is the last comparison's finding.
func (s *Rollbacks) current() rollbackState {
	if st := s.state.Load(); st != nil {
		return *st
	}
	return rollbackState{}
}

// remember records found as compared now.
func (s *Rollbacks) remember(found *Rollback) {
	s.state.Store(&rollbackState{found: found, checkedAt: s.Now()})
}

// Serving is nil while queries may be answered, and otherwise a
// CodeRollback error saying why not. While a rollback is found, it
// compares again at most every recheckEvery, so that an acknowledgement
// through another replica is seen.
//
// It never waits for a comparison under way (a checkpoint's, which reads
// Vault and every leaf hash) unless a rollback is found and due to be
// compared again, or its glance finds the log shorter than the checkpoint
// saved last; callers that find a comparison due make it once between
// them.
func (s *Rollbacks) Serving(ctx context.Context) error {
	st := s.current()
	if st.found == nil {
		return s.glance(ctx)
	}
	if s.Now().Sub(st.checkedAt) < recheckEvery {
		return st.refusal()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.current(); st.found == nil || s.Now().Sub(st.checkedAt) < recheckEvery {
		return st.refusal() // compared meanwhile
	}
	return s.check(ctx)
}

// glance looks, at most every recheckEvery, at the size of the database's
// log: shorter than the checkpoint saved last, the database was restored
// under the running service, and the full comparison runs now rather than
// at the next checkpoint. A log that cannot be read is left to fail the
// query itself.
func (s *Rollbacks) glance(ctx context.Context) error {
	now := s.Now().UnixNano()
	last := s.glancedAt.Load()
	if now-last < int64(recheckEvery) || !s.glancedAt.CompareAndSwap(last, now) {
		return nil
	}
	size, _, err := s.Audit.Store.Head(ctx)
	if err != nil || size >= s.savedSize.Load() {
		return nil
	}
	return s.Check(ctx)
}

// refusal is nil when nothing unacknowledged was found.
func (st rollbackState) refusal() error {
	if st.found == nil {
		return nil
	}
	return st.found.refusal()
}

// Check compares the database with the anchor and remembers what it
// found. An unacknowledged rollback is a CodeRollback error; any other
// error means the comparison could not be made (the service must not
// start), and leaves the last finding as it was. An anchor that holds no
// checkpoint yet is given one of the log as it is.
func (s *Rollbacks) Check(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.check(ctx)
}

// check is Check with s.mu held.
func (s *Rollbacks) check(ctx context.Context) error {
	saved, r, err := s.compare(ctx)
	if err != nil {
		return err
	}
	if saved == nil {
		s.remember(nil)
		return s.initialise(ctx)
	}
	return s.judge(ctx, r)
}

// Held reports whether answers must be held for output review: a rollback
// was acknowledged and its hold not yet lifted.
func (s *Rollbacks) Held(ctx context.Context) (bool, error) {
	held, err := s.held(ctx)
	return len(held) > 0, err
}
