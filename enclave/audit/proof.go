package audit

import (
	"errors"
	"fmt"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

// VerifyInclusion checks that the leaf with leafHash sits at index in the log
// that cp signed. Open cp with OpenCheckpoint first: a proof is only as good
// as the signature on the root it leads to.
func VerifyInclusion(leafHash [32]byte, index uint64, cp Checkpoint, p [][]byte) error {
	if index >= cp.Size {
		return fmt.Errorf("audit: inclusion proof: index %d is outside a log of size %d", index, cp.Size)
	}
	if err := checkProofHashes(p); err != nil {
		return fmt.Errorf("audit: inclusion proof: %w", err)
	}
	if err := proof.VerifyInclusion(rfc6962.DefaultHasher, index, cp.Size, leafHash[:], p, cp.Root[:]); err != nil {
		return fmt.Errorf("audit: inclusion proof for event %d in checkpoint of size %d: %w", index, cp.Size, err)
	}
	return nil
}

// VerifyConsistency checks that the log new signed extends, unchanged, the
// log old signed. Both checkpoints must come from the same log and be opened
// with OpenCheckpoint first.
//
// Old must not be empty: every log extends the empty log, so the library
// accepts an empty proof from size 0 against any root, which would "verify"
// a checkpoint of an unrelated log. Check a first checkpoint by verifying the
// whole log against it instead.
func VerifyConsistency(old, new Checkpoint, p [][]byte) error {
	switch {
	case old.Origin != new.Origin:
		return fmt.Errorf("audit: consistency proof: checkpoints of different logs %q and %q", old.Origin, new.Origin)
	case old.Size == 0:
		return errors.New("audit: consistency proof: the old checkpoint is of the empty log, which proves nothing")
	case old.Size > new.Size:
		return fmt.Errorf("audit: consistency proof: old size %d is larger than new size %d", old.Size, new.Size)
	}
	if err := checkProofHashes(p); err != nil {
		return fmt.Errorf("audit: consistency proof: %w", err)
	}
	if err := proof.VerifyConsistency(rfc6962.DefaultHasher, old.Size, new.Size, p, old.Root[:], new.Root[:]); err != nil {
		return fmt.Errorf("audit: consistency proof from size %d to %d: %w", old.Size, new.Size, err)
	}
	return nil
}

// checkProofHashes rejects hashes of the wrong length up front. The library
// would hash them anyway and report only a root mismatch, which hides a
// malformed proof behind what looks like tampering.
func checkProofHashes(p [][]byte) error {
	for i, h := range p {
		if len(h) != 32 {
			return fmt.Errorf("hash %d is %d bytes, want 32", i, len(h))
		}
	}
	return nil
}
