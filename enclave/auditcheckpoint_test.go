package enclave

import (
	"context"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave/audit"
)

// checkpointStore is an AuditStore holding a head and the checkpoints
// signed; the other methods are not called here.
type checkpointStore struct {
	AuditStore
	size   uint64
	signed map[uint64][]byte
	latest []byte
}

func (s *checkpointStore) Head(context.Context) (uint64, [32]byte, error) {
	return s.size, [32]byte{}, nil
}

func (s *checkpointStore) SaveCheckpoint(_ context.Context, cp audit.Checkpoint, signed []byte) error {
	s.signed[cp.Size], s.latest = signed, signed
	return nil
}

func (s *checkpointStore) Checkpoint(_ context.Context, size int64) ([]byte, error) {
	if size < 0 {
		if s.latest == nil {
			return nil, E(CodeNotFound, "no checkpoint")
		}
		return s.latest, nil
	}
	return s.signed[uint64(size)], nil
}

// TestCheckpointIfGrown: the periodic signer signs a first checkpoint, then
// a new one only when the log has grown past the latest one's size.
func TestCheckpointIfGrown(t *testing.T) {
	t.Parallel()
	skey, _, err := audit.NewDevSigner("enclave.test/audit")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	store := &checkpointStore{size: 3, signed: map[uint64][]byte{}}
	a := &Audit{Store: store, Origin: "enclave.test/audit", Now: time.Now,
		Sign: func(cp audit.Checkpoint) ([]byte, error) { return audit.SignCheckpoint(cp, signer) }}
	for _, step := range []struct {
		size   uint64
		signed bool
	}{{3, true}, {3, false}, {5, true}, {5, false}} {
		store.size = step.size
		got, err := a.Checkpoint(context.Background(), true)
		if err != nil || (got != nil) != step.signed {
			t.Fatalf("size %d: Checkpoint(ifGrown) = %q, %v; want signed %v", step.size, got, err, step.signed)
		}
		if n, err := audit.CheckpointSize(store.latest); err != nil || n != step.size {
			t.Errorf("size %d: the latest checkpoint has size %d, %v", step.size, n, err)
		}
	}
}
