package audit

import (
	"encoding/hex"
	"fmt"

	"golang.org/x/mod/sumdb/note"
)

// The kinds of Bundle.
const (
	BundleInclusion   = "inclusion"
	BundleConsistency = "consistency"
)

// Bundle is everything needed to check a proof offline with only the log's
// public key: the signed checkpoint(s), the proof, and for inclusion the
// event's canonical bytes. Its JSON form is the file `enclave audit prove`
// writes, so the field names and their order are fixed.
type Bundle struct {
	Type       string   `json:"type"`       // BundleInclusion or BundleConsistency
	Checkpoint string   `json:"checkpoint"` // the signed checkpoint the proof leads to
	Index      uint64   `json:"index,omitempty"`
	Event      string   `json:"event,omitempty"`          // inclusion: the event's canonical bytes
	Old        string   `json:"old_checkpoint,omitempty"` // consistency: the older signed checkpoint
	Proof      []string `json:"proof"`                    // the proof's hashes, in lower-case hex
}

// CheckBundle verifies b with only the pinned verifier v: the checkpoints'
// signatures, the event (its canonical form and its index) and the proof. It
// returns a one-sentence verdict saying what was proved.
func CheckBundle(b Bundle, v note.Verifier) (string, error) {
	cp, err := OpenCheckpoint([]byte(b.Checkpoint), v, v.Name())
	if err != nil {
		return "", fmt.Errorf("checkpoint: %w", err)
	}
	proof, err := decodeProof(b.Proof)
	if err != nil {
		return "", err
	}
	switch b.Type {
	case BundleInclusion:
		ev, err := Parse([]byte(b.Event))
		if err != nil {
			return "", fmt.Errorf("event: %w", err)
		}
		if ev.Seq != b.Index {
			return "", fmt.Errorf("the event is number %d, not %d", ev.Seq, b.Index)
		}
		if err := VerifyInclusion(LeafHash([]byte(b.Event)), b.Index, cp, proof); err != nil {
			return "", err
		}
		return fmt.Sprintf("event %d (%s by %q at %s) is in the log of %d events signed by %s",
			ev.Seq, ev.Kind, ev.Principal, ev.Time.Format(checkpointTimeLayout), cp.Size, v.Name()), nil
	case BundleConsistency:
		old, err := OpenCheckpoint([]byte(b.Old), v, v.Name())
		if err != nil {
			return "", fmt.Errorf("old checkpoint: %w", err)
		}
		if err := VerifyConsistency(old, cp, proof); err != nil {
			return "", err
		}
		return fmt.Sprintf("the log of %d events extends, unchanged, the log of %d events (both signed by %s)",
			cp.Size, old.Size, v.Name()), nil
	}
	return "", fmt.Errorf("unknown bundle type %q", b.Type)
}

// decodeProof decodes a proof's hashes from hex, as bundles and the HTTP API
// carry them. Their length is checked by the proof's verification.
func decodeProof(hs []string) ([][]byte, error) {
	out := make([][]byte, len(hs))
	for i, h := range hs {
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, fmt.Errorf("proof hash %d is not hex", i)
		}
		out[i] = b
	}
	return out, nil
}
