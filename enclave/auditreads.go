package enclave

import (
	"context"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// The reads of the audit log an auditor asks for. Each is recorded, as an
// audit.read event saying what was read, before it is served: no event, no
// answer. Free text an auditor typed is recorded only as its HMAC.

// recordRead appends the audit.read event of a read by actor.
func (a *Audit) recordRead(ctx context.Context, actor Actor, body map[string]any) error {
	ev := a.Event(actor, audit.KindAuditRead, "audit", "log", audit.OutcomeSuccess, nil, body)
	return a.Store.Record(ctx, ev)
}

// Events returns the events f selects, for actor.
func (a *Audit) Events(ctx context.Context, actor Actor, f AuditFilter) ([]audit.Event, error) {
	if err := a.recordRead(ctx, actor, map[string]any{"events": a.filterRecord(f)}); err != nil {
		return nil, err
	}
	return a.Store.Events(ctx, f)
}

// filterRecord is what the audit.read event keeps of a search: the filter,
// with the free-text values (which could be anything an auditor typed)
// only as HMACs.
func (a *Audit) filterRecord(f AuditFilter) map[string]any {
	rec := map[string]any{"after": f.After, "limit": f.Limit}
	for k, v := range map[string]string{"role": f.Role, "kind": f.Kind, "outcome": f.Outcome, "target_type": f.TargetType} {
		if v != "" {
			rec[k] = v
		}
	}
	for k, v := range map[string]string{"principal": f.Principal, "target_id": f.TargetID} {
		if v != "" {
			rec[k] = a.FieldHMAC(v)
		}
	}
	if !f.Since.IsZero() {
		rec["since"] = f.Since.UTC().Format("2006-01-02T15:04:05Z")
	}
	if !f.Until.IsZero() {
		rec["until"] = f.Until.UTC().Format("2006-01-02T15:04:05Z")
	}
	return rec
}

// defaultSummaryWindow is how far back a summary reaches without Since.
const defaultSummaryWindow = 30 * 24 * time.Hour

// Summary summarises the query events in w per principal and day (Days),
// for actor. A zero Until is now, a zero Since 30 days before Until; the
// window used is returned with the days.
func (a *Audit) Summary(ctx context.Context, actor Actor, w SummaryWindow) (SummaryWindow, []ResearcherDay, error) {
	if w.Until.IsZero() {
		w.Until = a.Now()
	}
	if w.Since.IsZero() {
		w.Since = w.Until.Add(-defaultSummaryWindow)
	}
	w.Since, w.Until = w.Since.UTC(), w.Until.UTC()
	if err := w.Validate(); err != nil {
		return w, nil, err
	}
	rec := map[string]any{"since": w.Since.Format(time.RFC3339), "until": w.Until.Format(time.RFC3339)}
	if w.Principal != "" {
		rec["principal"] = a.FieldHMAC(w.Principal)
	}
	if err := a.recordRead(ctx, actor, map[string]any{"summary": rec}); err != nil {
		return w, nil, err
	}
	days, err := a.summarise(ctx, w)
	return w, days, err
}

// SignedCheckpoint returns the signed checkpoint of the log at size, or
// the latest when size is -1, for actor.
func (a *Audit) SignedCheckpoint(ctx context.Context, actor Actor, size int64) ([]byte, error) {
	if size < -1 {
		return nil, E(CodeInvalid, "size must be -1 (the latest) or a whole number")
	}
	if err := a.recordRead(ctx, actor, map[string]any{"checkpoint": size}); err != nil {
		return nil, err
	}
	return a.Store.Checkpoint(ctx, size)
}

// LookupHMAC is the auditor's search aid: the HMAC of value as it would
// appear in audit records. The lookup is recorded by its result, never
// the value.
func (a *Audit) LookupHMAC(ctx context.Context, actor Actor, value string) (string, error) {
	if value == "" {
		return "", E(CodeInvalid, `field "value" must not be empty`)
	}
	mac := a.FieldHMAC(value)
	if err := a.recordRead(ctx, actor, map[string]any{"hmac_lookup": mac}); err != nil {
		return "", err
	}
	return mac, nil
}

// InclusionProof proves, for actor, that the event at index is in the log
// of the given size (the size of a checkpoint the auditor holds). It
// returns the event's leaf hash and the proof.
func (a *Audit) InclusionProof(ctx context.Context, actor Actor, index, size uint64) ([32]byte, [][]byte, error) {
	if err := a.recordRead(ctx, actor, map[string]any{"inclusion_proof": map[string]any{"index": index, "size": size}}); err != nil {
		return [32]byte{}, nil, err
	}
	return a.proveInclusion(ctx, index, size)
}

// ConsistencyProof proves, for actor, that the log of size to extends the
// log of size from unchanged.
func (a *Audit) ConsistencyProof(ctx context.Context, actor Actor, from, to uint64) ([][]byte, error) {
	if err := a.recordRead(ctx, actor, map[string]any{"consistency_proof": map[string]any{"from": from, "to": to}}); err != nil {
		return nil, err
	}
	return a.proveConsistency(ctx, from, to)
}
