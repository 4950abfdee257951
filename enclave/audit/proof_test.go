package audit

import "testing"

func TestRFC6962InclusionProofs(t *testing.T) {
	t.Parallel()
	v, leaves := loadVectors(t)
	for _, tc := range v.Inclusion.Cases {
		want := hexes(t, tc.Proof)
		got, err := ProveInclusion(leaves, tc.Index, tc.Size)
		if err != nil || !equalProofs(got, want) {
			t.Errorf("ProveInclusion(%d, %d) = %x, %v; want %x", tc.Index, tc.Size, got, err, want)
		}
		cp := Checkpoint{Origin: "test", Size: tc.Size, Root: hash32(t, tc.Root)}
		leaf := hash32(t, tc.LeafHash)
		if err := VerifyInclusion(leaf, tc.Index, cp, want); err != nil {
			t.Errorf("VerifyInclusion(%d, %d): %v", tc.Index, tc.Size, err)
		}
		// Tampering with any part must fail.
		if err := VerifyInclusion(leaves[(tc.Index+1)%8], tc.Index, cp, want); err == nil && leaves[(tc.Index+1)%8] != leaf {
			t.Errorf("VerifyInclusion(%d, %d) accepted another leaf", tc.Index, tc.Size)
		}
		if len(want) > 0 {
			bad := hexes(t, tc.Proof)
			bad[len(bad)-1][0] ^= 1
			if err := VerifyInclusion(leaf, tc.Index, cp, bad); err == nil {
				t.Errorf("VerifyInclusion(%d, %d) accepted a changed proof", tc.Index, tc.Size)
			}
			bad = hexes(t, tc.Proof)
			bad[0] = append(bad[0], 0)
			if err := VerifyInclusion(leaf, tc.Index, cp, bad); err == nil {
				t.Errorf("VerifyInclusion(%d, %d) accepted a 33-byte hash", tc.Index, tc.Size)
			}
		}
	}
	if err := VerifyInclusion(leaves[0], 8, Checkpoint{Origin: "test", Size: 8}, nil); err == nil {
		t.Error("VerifyInclusion accepted an index outside the tree")
	}
	if _, err := ProveInclusion(leaves, 0, 9); err == nil {
		t.Error("ProveInclusion accepted a size beyond its leaves")
	}
}

func TestRFC6962ConsistencyProofs(t *testing.T) {
	t.Parallel()
	v, leaves := loadVectors(t)
	for _, tc := range v.Consistency.Cases {
		want := hexes(t, tc.Proof)
		got, err := ProveConsistency(leaves, tc.Size1, tc.Size2)
		if err != nil || !equalProofs(got, want) {
			t.Errorf("ProveConsistency(%d, %d) = %x, %v; want %x", tc.Size1, tc.Size2, got, err, want)
		}
		old := Checkpoint{Origin: "test", Size: tc.Size1, Root: hash32(t, tc.Root1)}
		cur := Checkpoint{Origin: "test", Size: tc.Size2, Root: hash32(t, tc.Root2)}
		if err := VerifyConsistency(old, cur, want); err != nil {
			t.Errorf("VerifyConsistency(%d, %d): %v", tc.Size1, tc.Size2, err)
		}
		if len(want) > 0 {
			bad := hexes(t, tc.Proof)
			bad[0][31] ^= 0x80
			if err := VerifyConsistency(old, cur, bad); err == nil {
				t.Errorf("VerifyConsistency(%d, %d) accepted a changed proof", tc.Size1, tc.Size2)
			}
			bad = hexes(t, tc.Proof)
			bad[len(bad)-1] = bad[len(bad)-1][:31]
			if err := VerifyConsistency(old, cur, bad); err == nil {
				t.Errorf("VerifyConsistency(%d, %d) accepted a 31-byte hash", tc.Size1, tc.Size2)
			}
		}
		if tc.Size1 < tc.Size2 {
			if err := VerifyConsistency(cur, old, want); err == nil {
				t.Errorf("VerifyConsistency accepted old size %d > new size %d", tc.Size2, tc.Size1)
			}
		}
	}
}

func TestConsistencyFromEmptyRejected(t *testing.T) {
	t.Parallel()
	_, leaves := loadVectors(t)
	empty := Checkpoint{Origin: "test", Size: 0, Root: emptyRoot()}
	// Any root at all: the library alone would accept an empty proof.
	anything := Checkpoint{Origin: "test", Size: 5, Root: [32]byte{1, 2, 3}}
	if err := VerifyConsistency(empty, anything, nil); err == nil {
		t.Error("VerifyConsistency accepted a proof from size 0")
	}
	if _, err := ProveConsistency(leaves, 0, 5); err == nil {
		t.Error("ProveConsistency built a proof from size 0")
	}
	a := Checkpoint{Origin: "log-a", Size: 1, Root: leaves[0]}
	b := Checkpoint{Origin: "log-b", Size: 1, Root: leaves[0]}
	if err := VerifyConsistency(a, b, nil); err == nil {
		t.Error("VerifyConsistency accepted checkpoints of different logs")
	}
}
