package enclave

import (
	"context"
	"fmt"
	"time"

	"github.com/research-enclave/enclave/enclave/audit"
)

// recheckEvery bounds how often Serving compares again while a rollback is
// found: each comparison reads every leaf hash of the log.
const recheckEvery = 10 * time.Second

// compare opens the checkpoint saved in the anchor with the audit key and
// compares the database's log with it: a rollback when the log is shorter
// or does not extend the saved log, by the RFC 6962 consistency proof
// built from the database's leaf hashes. saved is nil when the anchor holds
// none. s.mu is held.
func (s *Rollbacks) compare(ctx context.Context) (saved *audit.Checkpoint, found *Rollback, err error) {
	signed, err := s.Anchor.Load(ctx)
	if err != nil {
		return nil, nil, Wrap(CodeUnavailable, fmt.Sprintf("the checkpoint kept in %s could not be read, so the database cannot be compared with it", s.Anchor), err)
	}
	if signed == nil {
		return nil, nil, nil
	}
	v, err := audit.ParseVerifierKey(s.Audit.VerifierKey)
	if err != nil {
		return nil, nil, err
	}
	cp, err := audit.OpenCheckpoint(signed, v, s.Audit.Origin)
	if err != nil {
		return nil, nil, Wrap(CodeInternal, fmt.Sprintf("the checkpoint saved in %s does not verify with the audit key", s.Anchor), err)
	}
	size, root, err := s.Audit.Store.Head(ctx)
	if err != nil {
		return nil, nil, err
	}
	s.savedSize.Store(cp.Size)
	r := &Rollback{SavedSize: cp.Size, SavedRoot: cp.Root, SavedAt: cp.Time, FoundSize: size, FoundRoot: root, Where: s.Anchor.String()}
	if size < cp.Size {
		return &cp, r, nil
	}
	if cp.Size == 0 {
		return &cp, nil, nil
	}
	leaves, err := s.Audit.Store.LeafHashes(ctx, size)
	if err != nil {
		return nil, nil, err
	}
	proof, err := audit.ProveConsistency(leaves, cp.Size, size)
	if err != nil {
		return nil, nil, Wrap(CodeInternal, "could not build the consistency proof of the database's log", err)
	}
	head := audit.Checkpoint{Origin: cp.Origin, Size: size, Root: root}
	if audit.VerifyConsistency(cp, head, proof) != nil {
		return &cp, r, nil
	}
	return &cp, nil, nil
}

// judge records what compare found: nil, or a rollback that was
// acknowledged, lets the service serve; an unacknowledged one is a
// CodeRollback error. s.mu is held.
func (s *Rollbacks) judge(ctx context.Context, r *Rollback) error {
	if r != nil {
		ack, err := s.acknowledged(ctx, r)
		if err != nil {
			return err
		}
		if !ack {
			s.remember(r)
			return r.refusal()
		}
	}
	s.remember(nil)
	return nil
}

// Advance is Audit.Signed: it saves cp, just signed, in the anchor when the
// database's log extends the checkpoint saved there and cp is newer, or
// when the rollback from the saved one was acknowledged. A rollback found
// (the database restored under the running service) is remembered, and
// nothing is saved.
func (s *Rollbacks) Advance(ctx context.Context, cp audit.Checkpoint, signed []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	saved, r, err := s.compare(ctx)
	if err != nil {
		return err
	}
	if err := s.judge(ctx, r); err != nil {
		return err
	}
	if saved != nil && r == nil && cp.Size <= saved.Size {
		return nil // another replica saved this one, or a later one
	}
	return s.save(ctx, cp.Size, signed)
}

// save replaces the anchor's checkpoint with signed, of a log of size
// events. s.mu is held.
func (s *Rollbacks) save(ctx context.Context, size uint64, signed []byte) error {
	if err := s.Anchor.Save(ctx, signed); err != nil {
		return Wrap(CodeUnavailable, fmt.Sprintf("the checkpoint could not be saved in %s", s.Anchor), err)
	}
	s.savedSize.Store(size)
	return nil
}

// initialise saves the database's log as it is now in an anchor that holds
// no checkpoint yet (a new installation, or one that has just been given an
// anchor). s.mu is held.
func (s *Rollbacks) initialise(ctx context.Context) error {
	size, root, err := s.Audit.Store.Head(ctx)
	if err != nil {
		return err
	}
	_, signed, err := s.Audit.signHead(ctx, size, root)
	if err != nil {
		return err
	}
	return s.save(ctx, size, signed)
}
