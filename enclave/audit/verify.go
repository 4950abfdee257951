package audit

import (
	"fmt"
)

// VerifyError says where and why a log failed verification.
type VerifyError struct {
	// Index is the 0-based index of the first event that does not match, or
	// -1 when the failure cannot be pinned on one event (a truncated log, or
	// a root that differs from the checkpoint's).
	Index  int64
	Reason string
}

func (e *VerifyError) Error() string {
	if e.Index < 0 {
		return "audit log verification failed: " + e.Reason
	}
	return fmt.Sprintf("audit log verification failed at event %d: %s", e.Index, e.Reason)
}

// Verifier recomputes a log from its canonical events, one at a time, in
// constant memory apart from the roots registered with Want. It stops at the
// first problem: later results would only repeat it.
type Verifier struct {
	tree  *Tree
	root  [32]byte            // root over the events added so far
	want  map[uint64]struct{} // sizes whose root to keep
	roots map[uint64][32]byte
	err   *VerifyError
}

// NewVerifier returns a verifier for an empty log.
func NewVerifier() *Verifier {
	return &Verifier{
		tree:  NewTree(),
		root:  emptyRoot(),
		want:  map[uint64]struct{}{},
		roots: map[uint64][32]byte{0: emptyRoot()},
	}
}

// Want asks the verifier to keep the root at size, so that an older
// checkpoint of that size can be checked with CheckPrefix afterwards.
func (v *Verifier) Want(size uint64) { v.want[size] = struct{}{} }

// Size returns the number of events added.
func (v *Verifier) Size() uint64 { return v.tree.Size() }

// Root returns the root over the events added.
func (v *Verifier) Root() [32]byte { return v.root }

// Err returns the first failure, or nil.
func (v *Verifier) Err() error {
	if v.err == nil {
		return nil
	}
	return v.err
}

func (v *Verifier) fail(index int64, format string, args ...any) error {
	v.err = &VerifyError{Index: index, Reason: fmt.Sprintf(format, args...)}
	return v.err
}

// Add consumes the next canonical event (one line of the export). It
// checks that the bytes are a canonical version-1 event, that its seq is its
// index (catching deletion and reordering), and that its prev_root is the
// root recomputed over the events before it (catching a changed event, which
// is then named). The first failure is returned as a *VerifyError and sticks.
func (v *Verifier) Add(canonical []byte) error {
	return v.AddChecked(CheckEvent(canonical))
}

// Checked is one event after the checks that need no other event: it parses
// as canonical version 1, and its leaf hash is computed. CheckEvent is safe to
// call from several goroutines, so that a long log's events can be checked
// on every core while AddChecked runs the sequential part in order.
type Checked struct {
	event    Event // as parsed, for the checks of its stored copies
	seq      uint64
	prevRoot [32]byte
	leaf     [32]byte
	err      error
}

// CheckEvent runs the per-event checks on canonical bytes.
func CheckEvent(canonical []byte) Checked {
	e, err := parse(canonical)
	if err != nil {
		return Checked{err: err}
	}
	return Checked{event: e, seq: e.Seq, prevRoot: e.PrevRoot, leaf: LeafHash(canonical)}
}

// AddChecked is Add for an event already through CheckEvent.
func (v *Verifier) AddChecked(c Checked) error {
	if v.err != nil {
		return v.err
	}
	i := v.tree.Size()
	if c.err != nil {
		return v.fail(int64(i), "not a canonical version-1 event: %v", c.err)
	}
	if c.seq != i {
		return v.fail(int64(i), "seq is %d where %d belongs: an event was deleted, inserted or moved here", c.seq, i)
	}
	if c.prevRoot != v.root {
		if i == 0 {
			return v.fail(0, "prev_root is not the root of the empty tree")
		}
		return v.fail(int64(i-1), "the root over events 0..%d differs from the prev_root recorded by event %d: event %d was changed (or event %d's prev_root was)", i-1, i, i-1, i)
	}
	if err := v.tree.Append(c.leaf); err != nil {
		return v.fail(int64(i), "%v", err)
	}
	root, err := v.tree.Root()
	if err != nil {
		return v.fail(int64(i), "%v", err)
	}
	v.root = root
	if _, ok := v.want[i+1]; ok {
		v.roots[i+1] = root
	}
	return nil
}

// RootAt returns the root at an earlier size: 0, the current size, or a size
// registered with Want before the verifier passed it.
func (v *Verifier) RootAt(size uint64) ([32]byte, error) {
	root, err := v.rootAt(size)
	if err != nil {
		return [32]byte{}, fmt.Errorf("audit: %w", err)
	}
	return root, nil
}

func (v *Verifier) rootAt(size uint64) ([32]byte, error) {
	if size == v.Size() {
		return v.root, nil
	}
	if r, ok := v.roots[size]; ok {
		return r, nil
	}
	if size > v.Size() {
		return [32]byte{}, fmt.Errorf("no root at size %d: only %d events added", size, v.Size())
	}
	return [32]byte{}, fmt.Errorf("no root at size %d: call Want(%d) before adding events", size, size)
}
