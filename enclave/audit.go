package enclave

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// Actor is who asks for an action: the principal, the request it came in,
// and the client address as an HMAC (staff addresses are personal data, but
// an auditor may need to correlate them).
type Actor struct {
	Principal Principal
	RequestID string
	Client    string // audit.FieldHMAC of the client address, or ""
	// Token is the id of the API token the request authenticated with, ""
	// without one. It is not recorded: a token minted with it records it
	// as its parent.
	Token string
}

// AuditFilter selects events for an auditor. Zero values match everything.
// Every field is matched against the events' canonical bytes, never against
// the copies a store keeps for searching.
type AuditFilter struct {
	Principal  string
	Role       string
	Kind       string
	Outcome    string
	TargetType string
	TargetID   string
	Since      time.Time
	Until      time.Time
	After      int64 // return events with seq > After; -1 for all
	Limit      int
}

// RecentFilter selects a principal's latest events of the given kinds,
// newest first: those with seq below Before (-1: from the newest), at most
// Limit (1 or more).
type RecentFilter struct {
	Principal string
	Kinds     []audit.Kind
	Before    int64
	Limit     int
}

// AuditStore keeps the audit log. Stores that change state append the
// action's event in the action's own transaction; Record is for events that
// accompany no other write (denials, reads of the log).
type AuditStore interface {
	Record(ctx context.Context, ev audit.Event) error
	// Each calls fn with every event f selects, in log order, each decoded
	// from its canonical bytes after every copy the store keeps of it has
	// been compared with them (audit.CheckColumns). A copy that differs is
	// a CodeIntegrity error naming the event and the column, never a
	// silently served or silently skipped event.
	Each(ctx context.Context, f AuditFilter, fn func(audit.Event) error) error
	// Events is Each collected.
	Events(ctx context.Context, f AuditFilter) ([]audit.Event, error)
	// Recent returns the events f selects, newest first, each checked as
	// Each checks it.
	Recent(ctx context.Context, f RecentFilter) ([]audit.Event, error)
	// Export calls fn with the canonical bytes of events [from, to) in order.
	Export(ctx context.Context, from, to uint64, fn func(canonical []byte) error) error
	// ExportColumns calls fn with the stored copies of events [from, to) in
	// order, as they are, for a verifier to compare with the events.
	ExportColumns(ctx context.Context, from, to uint64, fn func(audit.Columns) error) error
	// Head returns the current size and root of the log.
	Head(ctx context.Context) (uint64, [32]byte, error)
	// LeafHashes returns the leaf hashes of the first size events.
	LeafHashes(ctx context.Context, size uint64) ([][32]byte, error)
	SaveCheckpoint(ctx context.Context, cp audit.Checkpoint, signed []byte) error
	// Checkpoint returns the signed checkpoint at size, or the latest when
	// size is -1; CodeNotFound when there is none.
	Checkpoint(ctx context.Context, size int64) ([]byte, error)
}

// Audit is the audit log's service: it builds events, signs checkpoints and
// computes the HMACs of sensitive fields.
type Audit struct {
	Store       AuditStore
	Origin      string
	Sign        func(audit.Checkpoint) ([]byte, error) // signs a checkpoint as a C2SP signed note
	VerifierKey string                                 // the public key of Sign, in note verifier format
	HMACKey     []byte
	Now         func() time.Time
	// Signed, when set, is called with every checkpoint signed, as
	// stored.
	Signed func(ctx context.Context, cp audit.Checkpoint, signed []byte) error
}

// Event builds an event for an action by actor. body is marshalled to JSON;
// it must never hold an identifier of a person.
func (a *Audit) Event(actor Actor, kind audit.Kind, targetType, targetID string, outcome audit.Outcome, d *Decision, body map[string]any) audit.Event {
	if actor.Client != "" {
		if body == nil {
			body = map[string]any{}
		}
		body["client"] = actor.Client
	}
	raw, _ := json.Marshal(body) // maps of plain values always marshal
	if body == nil {
		raw = nil
	}
	ev := audit.Event{
		Time: a.Now().UTC(), Principal: actor.Principal.ID, Role: string(actor.Principal.Role),
		Kind: kind, TargetType: targetType, TargetID: targetID, Outcome: outcome,
		RequestID: actor.RequestID, Body: raw,
	}
	if d != nil {
		codes := make([]string, len(d.Reasons))
		for i, r := range d.Reasons {
			codes[i] = r.Code
		}
		ev.Decision = &audit.Decision{Allow: d.Allow, Reasons: codes, Revision: d.Revision}
	}
	return ev
}

// FieldHMAC returns the self-describing HMAC of a sensitive value under the
// audit key, as it appears in audit records.
func (a *Audit) FieldHMAC(value string) string { return audit.FieldHMAC(a.HMACKey, value) }

// Checkpoint signs the log's current head and stores it. With ifGrown, it
// signs only when the log has grown since the latest checkpoint (the
// periodic signer) and returns nil otherwise. The checkpoint is then
// passed to Signed, which keeps it outside the database (Rollbacks.Advance);
// a rollback Signed finds does not fail the checkpoint, which auditors
// need all the more then.
func (a *Audit) Checkpoint(ctx context.Context, ifGrown bool) ([]byte, error) {
	size, root, err := a.Store.Head(ctx)
	if err != nil {
		return nil, err
	}
	if ifGrown {
		latest, err := a.Store.Checkpoint(ctx, -1)
		if err != nil && ErrorCode(err) != CodeNotFound {
			return nil, err
		}
		if latest != nil {
			if cp, err := audit.CheckpointSize(latest); err == nil && cp >= size {
				return nil, nil
			}
		}
	}
	cp, signed, err := a.signHead(ctx, size, root)
	if err != nil {
		return nil, err
	}
	if a.Signed != nil {
		if err := a.Signed(ctx, cp, signed); err != nil && ErrorCode(err) != CodeRollback {
			return nil, err
		}
	}
	return signed, nil
}

// signHead signs the checkpoint of the log at size, with root, and stores
// it; it returns the checkpoint as the store keeps it (one per size).
func (a *Audit) signHead(ctx context.Context, size uint64, root [32]byte) (audit.Checkpoint, []byte, error) {
	cp := audit.Checkpoint{Origin: a.Origin, Size: size, Root: root, Time: a.Now().UTC()}
	signed, err := a.Sign(cp)
	if err != nil {
		return cp, nil, Wrap(CodeUnavailable, "could not sign the checkpoint", err)
	}
	if err := a.Store.SaveCheckpoint(ctx, cp, signed); err != nil {
		return cp, nil, err
	}
	signed, err = a.Store.Checkpoint(ctx, int64(size))
	return cp, signed, err
}

// SystemActor stands for the service itself, for actions no principal asked
// for (the first-start bootstrap).
var SystemActor = Actor{Principal: Principal{Role: "system"}}

// proveInclusion proves that the event at index is in the log of the given
// size.
func (a *Audit) proveInclusion(ctx context.Context, index, size uint64) ([32]byte, [][]byte, error) {
	if err := a.checkSize(ctx, size); err != nil {
		return [32]byte{}, nil, err
	}
	if index >= size {
		return [32]byte{}, nil, E(CodeInvalid, fmt.Sprintf("index must be below size (%d)", size))
	}
	leaves, err := a.Store.LeafHashes(ctx, size)
	if err != nil {
		return [32]byte{}, nil, err
	}
	p, err := audit.ProveInclusion(leaves, index, size)
	if err != nil {
		return [32]byte{}, nil, Wrap(CodeInternal, "could not build the inclusion proof", err)
	}
	return leaves[index], p, nil
}

// proveConsistency proves that the log of size to extends the log of size
// from unchanged.
func (a *Audit) proveConsistency(ctx context.Context, from, to uint64) ([][]byte, error) {
	if err := a.checkSize(ctx, to); err != nil {
		return nil, err
	}
	if from < 1 || from > to {
		return nil, E(CodeInvalid, "consistency needs 1 <= from <= to")
	}
	leaves, err := a.Store.LeafHashes(ctx, to)
	if err != nil {
		return nil, err
	}
	p, err := audit.ProveConsistency(leaves, from, to)
	if err != nil {
		return nil, Wrap(CodeInternal, "could not build the consistency proof", err)
	}
	return p, nil
}

func (a *Audit) checkSize(ctx context.Context, size uint64) error {
	head, _, err := a.Store.Head(ctx)
	if err != nil {
		return err
	}
	if size > head {
		return E(CodeInvalid, fmt.Sprintf("size must be at most the log's size, %d", head))
	}
	return nil
}
