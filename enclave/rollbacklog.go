package enclave

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/research-enclave/enclave/enclave/audit"
)

// rollbackBody is the part of an audit.rollback_acknowledge event's body
// that says which rollback it acknowledged.
type rollbackBody struct {
	Saved struct {
		Size uint64 `json:"size"`
		Root string `json:"root"`
	} `json:"saved"`
	Found struct {
		Size uint64 `json:"size"`
		Root string `json:"root"`
	} `json:"found"`
}

// recordOf reads the acknowledged rollback of ev.
func recordOf(ev audit.Event) (RollbackRecord, error) {
	var b rollbackBody
	if err := json.Unmarshal(ev.Body, &b); err != nil {
		return RollbackRecord{}, fmt.Errorf("event %d: %w", ev.Seq, err)
	}
	r := RollbackRecord{Seq: ev.Seq, AcknowledgedBy: ev.Principal, AcknowledgedAt: ev.Time,
		Rollback: Rollback{SavedSize: b.Saved.Size, FoundSize: b.Found.Size}}
	for _, h := range []struct {
		hex string
		out *[32]byte
	}{{b.Saved.Root, &r.Rollback.SavedRoot}, {b.Found.Root, &r.Rollback.FoundRoot}} {
		if n, err := hex.Decode(h.out[:], []byte(h.hex)); err != nil || n != 32 {
			return RollbackRecord{}, fmt.Errorf("event %d: a root is not 32 bytes in hex", ev.Seq)
		}
	}
	return r, nil
}

// acknowledgements returns every acknowledged rollback, and those of them
// acknowledged after the last lifting of the hold (held).
func (s *Rollbacks) acknowledgements(ctx context.Context) (all, held []RollbackRecord, err error) {
	events, err := s.Log.RollbackEvents(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, ev := range events {
		if ev.Kind == audit.KindRollbackLift {
			held = nil
			continue
		}
		r, err := recordOf(ev)
		if err != nil {
			return nil, nil, Wrap(CodeIntegrity, "an audit event acknowledging a rollback cannot be read", err)
		}
		all, held = append(all, r), append(held, r)
	}
	return all, held, nil
}

// acknowledged reports whether the rollback from the saved checkpoint of r
// was acknowledged.
func (s *Rollbacks) acknowledged(ctx context.Context, r *Rollback) (bool, error) {
	all, _, err := s.acknowledgements(ctx)
	for _, a := range all {
		if a.Rollback.SavedSize == r.SavedSize && a.Rollback.SavedRoot == r.SavedRoot {
			return true, err
		}
	}
	return false, err
}

// held returns the acknowledged rollbacks whose hold is not lifted.
func (s *Rollbacks) held(ctx context.Context) ([]RollbackRecord, error) {
	_, held, err := s.acknowledgements(ctx)
	return held, err
}
