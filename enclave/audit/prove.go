package audit

import (
	"errors"
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

// NodeFunc returns the hash of the perfect subtree at level covering leaves
// [index<<level, (index+1)<<level); level 0 is the leaf hashes. The store
// implements it over its stored leaf hashes (or cached interior nodes).
type NodeFunc func(level uint, index uint64) ([32]byte, error)

// InclusionProof builds the RFC 6962 inclusion proof for leaf index in the
// tree of the given size, fetching the subtree hashes it needs from node.
func InclusionProof(index, size uint64, node NodeFunc) ([][]byte, error) {
	nodes, err := proof.Inclusion(index, size)
	if err != nil {
		return nil, fmt.Errorf("audit: inclusion proof: %w", err)
	}
	return fetchProof(nodes, node)
}

// ConsistencyProof builds the RFC 6962 consistency proof between sizes size1
// and size2, fetching the subtree hashes it needs from node. size1 must be at
// least 1 (see VerifyConsistency).
func ConsistencyProof(size1, size2 uint64, node NodeFunc) ([][]byte, error) {
	if size1 == 0 {
		return nil, errors.New("audit: consistency proof: from size 0 proves nothing")
	}
	nodes, err := proof.Consistency(size1, size2)
	if err != nil {
		return nil, fmt.Errorf("audit: consistency proof: %w", err)
	}
	return fetchProof(nodes, node)
}

func fetchProof(nodes proof.Nodes, node NodeFunc) ([][]byte, error) {
	hashes := make([][]byte, len(nodes.IDs))
	for i, id := range nodes.IDs {
		h, err := node(id.Level, id.Index)
		if err != nil {
			return nil, fmt.Errorf("audit: proof node (level %d, index %d): %w", id.Level, id.Index, err)
		}
		hashes[i] = h[:]
	}
	return nodes.Rehash(hashes, rfc6962.DefaultHasher.HashChildren)
}

// ProveInclusion is InclusionProof over leaf hashes held in memory, with
// leafHashes[i] the leaf hash of event i. size may be less than the number of
// leaves, to prove against an older checkpoint.
func ProveInclusion(leafHashes [][32]byte, index, size uint64) ([][]byte, error) {
	if size > uint64(len(leafHashes)) {
		return nil, fmt.Errorf("audit: inclusion proof: size %d but only %d leaves", size, len(leafHashes))
	}
	return InclusionProof(index, size, leavesNodeFunc(leafHashes))
}

// ProveConsistency is ConsistencyProof over leaf hashes held in memory.
func ProveConsistency(leafHashes [][32]byte, size1, size2 uint64) ([][]byte, error) {
	if size2 > uint64(len(leafHashes)) {
		return nil, fmt.Errorf("audit: consistency proof: size %d but only %d leaves", size2, len(leafHashes))
	}
	return ConsistencyProof(size1, size2, leavesNodeFunc(leafHashes))
}

// leavesNodeFunc computes each subtree hash from its leaves with a compact
// range, which costs O(subtree) per node and O(size) per proof: simple, and
// fast enough for tests and for a store that already holds the leaves.
func leavesNodeFunc(leaves [][32]byte) NodeFunc {
	return func(level uint, index uint64) ([32]byte, error) {
		begin, end := compact.NewNodeID(level, index).Coverage()
		if end > uint64(len(leaves)) {
			return [32]byte{}, fmt.Errorf("subtree ends at %d, beyond %d leaves", end, len(leaves))
		}
		r := newRangeFactory().NewEmptyRange(begin)
		for i := begin; i < end; i++ {
			if err := r.Append(leaves[i][:], nil); err != nil {
				return [32]byte{}, err
			}
		}
		if h := r.Hashes(); len(h) == 1 {
			return [32]byte(h[0]), nil
		}
		return [32]byte{}, fmt.Errorf("leaves [%d, %d) are not one perfect subtree", begin, end)
	}
}
