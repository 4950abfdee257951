package audit

import (
	"crypto/sha256"
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"
)

// LeafHash returns the RFC 6962 leaf hash SHA-256(0x00 || canonical) of an
// event's canonical bytes. The 0x00 prefix (0x01 for interior nodes) stops a
// leaf from being passed off as an interior node.
func LeafHash(canonical []byte) [32]byte {
	return [32]byte(rfc6962.DefaultHasher.HashLeaf(canonical))
}

// emptyRoot is the RFC 6962 root of the empty tree, SHA-256 of no bytes. It
// is the PrevRoot of event 0.
func emptyRoot() [32]byte {
	return [32]byte(rfc6962.DefaultHasher.EmptyRoot())
}

// Tree is the append side of the log: a compact range over all leaves, that
// is, the roots of the perfect subtrees covering [0, Size), at most one per
// bit of Size. It is what the store keeps beside the events, so that an
// append needs neither earlier events nor a walk over them. A Tree is not
// safe for concurrent use; appends to the log are serialised anyway.
type Tree struct {
	r *compact.Range
}

func newRangeFactory() *compact.RangeFactory {
	return &compact.RangeFactory{Hash: hashChildren}
}

// hashChildren is rfc6962.DefaultHasher.HashChildren, SHA-256(0x01 || l || r),
// without its per-call digest allocation and copies: a verifier computes
// about ten of these per event to check each prev_root, and with the
// library's version they were half the cost of verifying a large log. Tests
// check both against the RFC 6962 vectors and each other.
func hashChildren(l, r []byte) []byte {
	if len(l) != sha256.Size || len(r) != sha256.Size {
		return rfc6962.DefaultHasher.HashChildren(l, r)
	}
	var b [1 + 2*sha256.Size]byte
	b[0] = rfc6962.RFC6962NodeHashPrefix
	copy(b[1:], l)
	copy(b[1+sha256.Size:], r)
	h := sha256.Sum256(b[:])
	return h[:]
}

// NewTree returns an empty tree.
func NewTree() *Tree {
	return &Tree{r: newRangeFactory().NewEmptyRange(0)}
}

// RestoreTree rebuilds a tree of the given size from the hashes Hashes
// returned. The number of hashes must match size (one per set bit).
func RestoreTree(size uint64, hashes [][]byte) (*Tree, error) {
	own := make([][]byte, len(hashes))
	for i, h := range hashes {
		if len(h) != 32 {
			return nil, fmt.Errorf("audit: restore tree: hash %d is %d bytes, want 32", i, len(h))
		}
		own[i] = append([]byte(nil), h...)
	}
	r, err := newRangeFactory().NewRange(0, size, own)
	if err != nil {
		return nil, fmt.Errorf("audit: restore tree of size %d: %w", size, err)
	}
	return &Tree{r: r}, nil
}

// Size returns the number of leaves.
func (t *Tree) Size() uint64 { return t.r.End() }

// Hashes returns a copy of the compact range, for storing.
func (t *Tree) Hashes() [][]byte {
	src := t.r.Hashes()
	out := make([][]byte, len(src))
	for i, h := range src {
		out[i] = append([]byte(nil), h...)
	}
	return out
}

// Root returns the RFC 6962 root of the tree.
func (t *Tree) Root() ([32]byte, error) {
	if t.r.End() == 0 {
		return emptyRoot(), nil // compact.Range returns nil for an empty tree
	}
	root, err := t.r.GetRootHash(nil)
	if err != nil {
		return [32]byte{}, fmt.Errorf("audit: tree root: %w", err)
	}
	return [32]byte(root), nil
}

// Append adds the leaf hash of the next event.
func (t *Tree) Append(leafHash [32]byte) error {
	if err := t.r.Append(leafHash[:], nil); err != nil {
		return fmt.Errorf("audit: append leaf %d: %w", t.r.End(), err)
	}
	return nil
}
