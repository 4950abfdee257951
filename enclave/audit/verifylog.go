package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// A Source serves what VerifyLog checks. The enclave CLI implements it over
// the server's HTTP API; a test, over events in memory. Its errors are
// returned by VerifyLog as they are.
type Source interface {
	// SignCheckpoint returns a checkpoint of the whole log as it is now,
	// signed by the log's key.
	SignCheckpoint(ctx context.Context) ([]byte, error)
	// Export streams events [0, size) to read: events holds one canonical
	// event per line, and columns one Columns object per line, one per
	// event, in log order. read returns how many events it consumed; once
	// it has read both streams to the end, Export returns an error if the
	// source could not send them whole (an error of the source, which says
	// nothing about the log).
	Export(ctx context.Context, size uint64, read func(events, columns io.Reader) (uint64, error)) error
	// ConsistencyProof returns the proof that the log of size to extends
	// the log of size from, as hashes in hex.
	ConsistencyProof(ctx context.Context, from, to uint64) ([]string, error)
}

// Report is what VerifyLog established.
type Report struct {
	Key        string     // the pinned verifier key the log was checked with
	Signed     []byte     // the checkpoint the whole log was verified against, as signed
	Checkpoint Checkpoint // and as opened
	// Extends is the checkpoint of the saved state that the log was shown
	// to extend unchanged, saved at SavedAt; nil without a saved state, or
	// when it was of the empty log.
	Extends *Checkpoint
	SavedAt time.Time
}

// String is the verdict, in one sentence.
func (r Report) String() string {
	s := fmt.Sprintf("%d events verified against the checkpoint signed by %s (root %x), and every copy kept for searching matches its event",
		r.Checkpoint.Size, r.Checkpoint.Origin, r.Checkpoint.Root[:8])
	if r.Extends != nil {
		s += fmt.Sprintf("; consistent with the checkpoint saved at %s (size %d)", r.SavedAt.Format(time.RFC3339), r.Extends.Size)
	}
	return s
}

// State is the state to save for the next run, verified at now.
func (r Report) State(now time.Time) State {
	return State{VerifierKey: r.Key, Checkpoint: string(r.Signed), VerifiedAt: now.UTC()}
}

// ErrRolledBack is VerifyLog's error when the log is shorter than the
// checkpoint of the saved state: the log's database was restored to an
// earlier point (an older backup), or events were deleted.
var ErrRolledBack = errors.New("the log was rolled back to an earlier point (a database restored from an older backup) or truncated")

// VerifyLog verifies the whole log that src serves, with only the pinned
// verifier key: it has src sign a checkpoint, and checks its signature,
// every event and every copy kept for searching (AddStreamColumns), and the
// root. With the state saved by the last run (nil on the first), it also
// checks that the log did not shrink and still contains, unchanged, the log
// of the saved checkpoint: by the roots it recomputed, and by src's
// consistency proof. Its errors say what failed, and where it is one event,
// name it.
func VerifyLog(ctx context.Context, src Source, key string, last *State) (Report, error) {
	r, prev, err := openCheckpoints(ctx, src, key, last)
	if err != nil {
		return Report{}, err
	}
	v := NewVerifier()
	if prev != nil {
		v.Want(prev.Size)
	}
	err = src.Export(ctx, r.Checkpoint.Size, func(events, columns io.Reader) (uint64, error) {
		err := v.AddStreamColumns(events, columns)
		return v.Size(), err
	})
	if err != nil {
		return Report{}, err
	}
	if err := v.Check(r.Checkpoint); err != nil {
		return Report{}, err
	}
	if prev == nil || prev.Size == 0 {
		return r, nil
	}
	if err := checkExtends(ctx, src, v, *prev, r.Checkpoint, last.VerifiedAt); err != nil {
		return Report{}, err
	}
	r.Extends, r.SavedAt = prev, last.VerifiedAt
	return r, nil
}

// openCheckpoints has src sign a checkpoint and opens it, and the saved one
// (nil without a saved state), with the pinned key.
func openCheckpoints(ctx context.Context, src Source, key string, last *State) (Report, *Checkpoint, error) {
	verifier, err := ParseVerifierKey(key)
	if err != nil {
		return Report{}, nil, err
	}
	signed, err := src.SignCheckpoint(ctx)
	if err != nil {
		return Report{}, nil, err
	}
	cp, err := OpenCheckpoint(signed, verifier, verifier.Name())
	if err != nil {
		return Report{}, nil, fmt.Errorf("the checkpoint does not verify with the pinned key (signed by another key, or altered): %w", err)
	}
	r := Report{Key: key, Signed: signed, Checkpoint: cp}
	if last == nil {
		return r, nil, nil
	}
	prev, err := OpenCheckpoint([]byte(last.Checkpoint), verifier, verifier.Name())
	if err != nil {
		return Report{}, nil, fmt.Errorf("the saved checkpoint does not verify with the pinned key: %w", err)
	}
	if prev.Size > cp.Size {
		return Report{}, nil, fmt.Errorf("the log shrank: the saved checkpoint (%s) has %d events, the server's now has %d: %w",
			last.VerifiedAt.Format(time.RFC3339), prev.Size, cp.Size, ErrRolledBack)
	}
	return r, &prev, nil
}

// checkExtends checks that the log v recomputed, which cp signed, still
// contains the log of prev, saved at savedAt: by its root, then by src's
// consistency proof.
func checkExtends(ctx context.Context, src Source, v *Verifier, prev, cp Checkpoint, savedAt time.Time) error {
	if err := v.CheckPrefix(prev); err != nil {
		return fmt.Errorf("the log no longer matches the checkpoint saved at %s (size %d): history was rewritten, or rolled back and grown again since: %w",
			savedAt.Format(time.RFC3339), prev.Size, err)
	}
	hexProof, err := src.ConsistencyProof(ctx, prev.Size, cp.Size)
	if err != nil {
		return err
	}
	proof, err := decodeProof(hexProof)
	if err == nil {
		err = VerifyConsistency(prev, cp, proof)
	}
	if err != nil {
		return fmt.Errorf("the consistency proof from size %d to %d does not verify: %w", prev.Size, cp.Size, err)
	}
	return nil
}
