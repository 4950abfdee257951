package audit

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/transparency-dev/merkle/rfc6962"
)

// rfc6962Vectors is testdata/audit/rfc6962_tree_vectors.json, taken from
// transparency-dev/merkle's test constants.
type rfc6962Vectors struct {
	LeafInputs []string          `json:"leaf_inputs"`
	LeafHashes []string          `json:"leaf_hashes"`
	Roots      map[string]string `json:"root_hashes_by_tree_size"`
	Inclusion  struct {
		Cases []struct {
			Index    uint64   `json:"leaf_index"`
			Size     uint64   `json:"tree_size"`
			LeafHash string   `json:"leaf_hash"`
			Root     string   `json:"root"`
			Proof    []string `json:"proof"`
		}
	} `json:"inclusion_proofs_all"`
	Consistency struct {
		Cases []struct {
			Size1 uint64   `json:"size1"`
			Size2 uint64   `json:"size2"`
			Root1 string   `json:"root1"`
			Root2 string   `json:"root2"`
			Proof []string `json:"proof"`
		}
	} `json:"consistency_proofs_all"`
}

func loadVectors(t *testing.T) (v rfc6962Vectors, leaves [][32]byte) {
	t.Helper()
	readJSON(t, "rfc6962_tree_vectors.json", &v)
	for i, in := range v.LeafInputs {
		// LeafHash takes any bytes; the vectors' inputs are not events.
		got := LeafHash(unhex(t, in))
		if want := hash32(t, v.LeafHashes[i]); got != want {
			t.Fatalf("LeafHash(%s) = %x, want %x", in, got, want)
		}
		leaves = append(leaves, got)
	}
	if len(leaves) != 8 || len(v.Inclusion.Cases) != 36 || len(v.Consistency.Cases) != 36 {
		t.Fatalf("vector file changed: %d leaves, %d inclusion, %d consistency cases", len(leaves), len(v.Inclusion.Cases), len(v.Consistency.Cases))
	}
	return v, leaves
}

func hexes(t *testing.T, ss []string) [][]byte {
	out := [][]byte{}
	for _, s := range ss {
		out = append(out, unhex(t, s))
	}
	return out
}

func equalProofs(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestRFC6962TreeRoots(t *testing.T) {
	t.Parallel()
	v, leaves := loadVectors(t)
	tree := NewTree()
	for size := 0; size <= len(leaves); size++ {
		root, err := tree.Root()
		if want := hash32(t, v.Roots[strconv.Itoa(size)]); err != nil || root != want {
			t.Errorf("root at size %d = %x, %v; want %x", size, root, err, want)
		}
		// The stored compact range must restore to the same tree.
		restored, err := RestoreTree(tree.Size(), tree.Hashes())
		if err != nil {
			t.Fatalf("RestoreTree(%d): %v", size, err)
		}
		if r, _ := restored.Root(); r != root {
			t.Errorf("restored root at size %d = %x, want %x", size, r, root)
		}
		if size < len(leaves) {
			if err := tree.Append(leaves[size]); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestRestoreTreeRejects(t *testing.T) {
	t.Parallel()
	good := make([]byte, 32)
	for name, tc := range map[string]struct {
		size   uint64
		hashes [][]byte
	}{
		"short hash":      {1, [][]byte{good[:31]}},
		"long hash":       {1, [][]byte{append(good, 0)}},
		"too few hashes":  {3, [][]byte{good}},
		"too many hashes": {4, [][]byte{good, good}},
		"hashes for zero": {0, [][]byte{good}},
	} {
		if _, err := RestoreTree(tc.size, tc.hashes); err == nil {
			t.Errorf("%s: RestoreTree accepted it", name)
		}
	}
}

func TestHashChildrenMatchesLibrary(t *testing.T) {
	t.Parallel()
	_, leaves := loadVectors(t)
	for i := range leaves {
		l, r := leaves[i][:], leaves[(i+3)%len(leaves)][:]
		if got, want := hashChildren(l, r), rfc6962.DefaultHasher.HashChildren(l, r); !bytes.Equal(got, want) {
			t.Errorf("hashChildren(%x, %x) = %x, want %x", l, r, got, want)
		}
	}
	odd := []byte("not a hash")
	if got, want := hashChildren(odd, leaves[0][:]), rfc6962.DefaultHasher.HashChildren(odd, leaves[0][:]); !bytes.Equal(got, want) {
		t.Errorf("hashChildren of a short input = %x, want %x", got, want)
	}
}
