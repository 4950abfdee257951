package audit

import (
	"bytes"
	"strings"
	"testing"
)

func TestVerifierOlderCheckpoints(t *testing.T) {
	t.Parallel()
	lines, leaves, root := buildLog(t, 25, sampleEvent)
	old, _, oldRoot := buildLog(t, 10, sampleEvent)
	if !bytes.Equal(old[9], lines[9]) {
		t.Fatal("logs of different lengths diverge")
	}
	v := NewVerifier()
	v.Want(10)
	for _, l := range lines {
		if err := v.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	if v.Size() != 25 || v.Root() != root {
		t.Fatalf("Size, Root = %d, %x; want 25, %x", v.Size(), v.Root(), root)
	}
	oldCP := Checkpoint{Origin: testOrigin, Size: 10, Root: oldRoot}
	if err := v.CheckPrefix(oldCP); err != nil {
		t.Errorf("CheckPrefix(10): %v", err)
	}
	if err := v.Check(oldCP); err == nil {
		t.Error("Check accepted a checkpoint older than the log")
	}
	if err := v.CheckPrefix(Checkpoint{Origin: testOrigin, Size: 11, Root: oldRoot}); err == nil || !strings.Contains(err.Error(), "Want(11)") {
		t.Errorf("CheckPrefix of an unregistered size: %v", err)
	}
	if r, err := v.RootAt(0); err != nil || r != emptyRoot() {
		t.Errorf("RootAt(0) = %x, %v", r, err)
	}
	// The same pair of checkpoints through a consistency proof.
	p, err := ProveConsistency(leaves, 10, 25)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyConsistency(oldCP, Checkpoint{Origin: testOrigin, Size: 25, Root: root}, p); err != nil {
		t.Errorf("VerifyConsistency(10, 25): %v", err)
	}
	// And one event's inclusion, checked against its own leaf hash.
	e, err := Parse(lines[12])
	if err != nil {
		t.Fatal(err)
	}
	p, err = ProveInclusion(leaves, e.Seq, 25)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyInclusion(LeafHash(lines[12]), e.Seq, Checkpoint{Origin: testOrigin, Size: 25, Root: root}, p); err != nil {
		t.Errorf("VerifyInclusion(12): %v", err)
	}
}
