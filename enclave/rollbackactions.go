package enclave

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/research-enclave/enclave/enclave/audit"
)

// maxRollbackReason bounds a written reason.
const maxRollbackReason = 2000

// rollbackReason checks a reason an operator or officer wrote.
func rollbackReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", E(CodeInvalid, `field "reason" must say why (for example, which backup was restored and why)`)
	case utf8.RuneCountInString(reason) > maxRollbackReason:
		return "", E(CodeInvalid, fmt.Sprintf(`field "reason" must be at most %d characters`, maxRollbackReason))
	}
	return reason, nil
}

// Acknowledge records actor's acknowledgement, for reason, of the rollback
// the database is found in, as an audit.rollback_acknowledge event: the
// checkpoint saved and the log found (sizes and roots) and the reason as an
// HMAC. From then on queries are served again, and every answer is held
// for output review until a governance officer lifts the hold (Lift). The
// anchor is then given a checkpoint of the log with the acknowledgement in
// it; if that fails, the acknowledgement stands (the error says so), and
// the next checkpoint signed moves the anchor on.
func (s *Rollbacks) Acknowledge(ctx context.Context, actor Actor, reason string) (RollbackRecord, error) {
	reason, err := rollbackReason(reason)
	if err != nil {
		return RollbackRecord{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	saved, r, err := s.compare(ctx)
	if err != nil {
		return RollbackRecord{}, err
	}
	if saved == nil || r == nil {
		return RollbackRecord{}, E(CodeConflict, fmt.Sprintf("there is no rollback to acknowledge: the database's audit log extends the checkpoint kept in %s", s.Anchor))
	}
	if ack, err := s.acknowledged(ctx, r); err != nil || ack {
		if err == nil {
			err = E(CodeConflict, "this rollback was acknowledged already")
		}
		return RollbackRecord{}, err
	}
	body := r.record()
	body["anchor"], body["reason"] = r.Where, s.Audit.FieldHMAC(reason)
	ev := s.Audit.Event(actor, audit.KindRollbackAcknowledge, "audit", "log", audit.OutcomeSuccess, nil, body)
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return RollbackRecord{}, err
	}
	rec := RollbackRecord{Rollback: *r, AcknowledgedBy: actor.Principal.ID, AcknowledgedAt: ev.Time}
	s.remember(nil)
	size, root, err := s.Audit.Store.Head(ctx)
	if err == nil {
		var signed []byte
		if _, signed, err = s.Audit.signHead(ctx, size, root); err == nil {
			err = s.save(ctx, size, signed)
		}
	}
	if err != nil {
		return rec, Wrap(CodeUnavailable, "the rollback is acknowledged, but no new checkpoint could be kept outside the database yet: sign one (enclave audit checkpoint)", err)
	}
	return rec, nil
}

// Lift lifts, for reason, the hold on answers of every acknowledged
// rollback still held, as actor (a governance officer: the route's policy
// decides), with an audit.rollback_lift event naming them (the sequence
// numbers of their acknowledgements) and the reason as an HMAC. It returns
// the rollbacks lifted; CodeConflict when none is held.
func (s *Rollbacks) Lift(ctx context.Context, actor Actor, reason string) ([]RollbackRecord, error) {
	reason, err := rollbackReason(reason)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	held, err := s.held(ctx)
	if err != nil {
		return nil, err
	}
	if len(held) == 0 {
		return nil, E(CodeConflict, "no rollback is held: answers are not held for one")
	}
	seqs := make([]uint64, len(held))
	for i, h := range held {
		seqs[i] = h.Seq
	}
	body := map[string]any{"acknowledgements": seqs, "reason": s.Audit.FieldHMAC(reason)}
	ev := s.Audit.Event(actor, audit.KindRollbackLift, "audit", "log", audit.OutcomeSuccess, nil, body)
	if err := s.Audit.Store.Record(ctx, ev); err != nil {
		return nil, err
	}
	return held, nil
}
