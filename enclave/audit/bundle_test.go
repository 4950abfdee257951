package audit

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// signedAt signs a checkpoint of the given size and root with s.
func signedAt(t testing.TB, s note.Signer, size uint64, root [32]byte) string {
	t.Helper()
	signed, err := SignCheckpoint(Checkpoint{Origin: s.Name(), Size: size, Root: root, Time: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}, s)
	if err != nil {
		t.Fatal(err)
	}
	return string(signed)
}

func hexProof(p [][]byte) []string {
	out := []string{}
	for _, h := range p {
		out = append(out, hex.EncodeToString(h))
	}
	return out
}

// inclusionBundle proves event index of lines in the log of all of them.
func inclusionBundle(t *testing.T, s note.Signer, lines [][]byte, leaves [][32]byte, root [32]byte, index uint64) Bundle {
	t.Helper()
	p, err := ProveInclusion(leaves, index, uint64(len(leaves)))
	if err != nil {
		t.Fatal(err)
	}
	return Bundle{Type: BundleInclusion, Checkpoint: signedAt(t, s, uint64(len(leaves)), root), Index: index, Event: string(lines[index]), Proof: hexProof(p)}
}

func TestCheckBundleInclusion(t *testing.T) {
	t.Parallel()
	signer, verifier := devKeys(t, testOrigin)
	lines, leaves, root := buildLog(t, 11, sampleEvent)
	for i := range uint64(len(lines)) {
		if _, err := CheckBundle(inclusionBundle(t, signer, lines, leaves, root, i), verifier); err != nil {
			t.Errorf("event %d: %v", i, err)
		}
	}
	got, err := CheckBundle(inclusionBundle(t, signer, lines, leaves, root, 2), verifier)
	want := `event 2 (token.create by "gov.officer-17" at 2025-03-01T09:00:00Z) is in the log of 11 events signed by ` + testOrigin
	if err != nil || got != want {
		t.Errorf("CheckBundle = %q, %v; want %q", got, err, want)
	}
}

// TestCheckBundleConsistencyVectors checks a bundle for every consistency
// proof of the RFC 6962 test vectors, with their roots signed, and the same
// bundles with one proof hash changed.
func TestCheckBundleConsistencyVectors(t *testing.T) {
	t.Parallel()
	signer, verifier := devKeys(t, testOrigin)
	v, _ := loadVectors(t)
	for _, tc := range v.Consistency.Cases {
		b := Bundle{
			Type:       BundleConsistency,
			Checkpoint: signedAt(t, signer, tc.Size2, hash32(t, tc.Root2)),
			Old:        signedAt(t, signer, tc.Size1, hash32(t, tc.Root1)),
			Proof:      tc.Proof,
		}
		got, err := CheckBundle(b, verifier)
		want := fmt.Sprintf("the log of %d events extends, unchanged, the log of %d events (both signed by %s)", tc.Size2, tc.Size1, testOrigin)
		if err != nil || got != want {
			t.Errorf("sizes %d to %d: CheckBundle = %q, %v; want %q", tc.Size1, tc.Size2, got, err, want)
		}
		if len(tc.Proof) == 0 {
			continue
		}
		bad := hexes(t, tc.Proof)
		bad[len(bad)-1][0] ^= 1
		b.Proof = hexProof(bad)
		if got, err := CheckBundle(b, verifier); err == nil {
			t.Errorf("sizes %d to %d: a changed proof passed: %s", tc.Size1, tc.Size2, got)
		}
	}
}

func TestCheckBundleRejects(t *testing.T) {
	t.Parallel()
	signer, verifier := devKeys(t, testOrigin)
	other, _ := devKeys(t, testOrigin)
	lines, leaves, root := buildLog(t, 6, sampleEvent)
	good := inclusionBundle(t, signer, lines, leaves, root, 2)
	if _, err := CheckBundle(good, verifier); err != nil {
		t.Fatalf("the untouched bundle: %v", err)
	}
	p, err := ProveConsistency(leaves, 3, 6)
	if err != nil {
		t.Fatal(err)
	}
	consistent := Bundle{Type: BundleConsistency, Checkpoint: good.Checkpoint, Old: signedAt(t, signer, 3, rootOf(t, leaves[:3])), Proof: hexProof(p)}
	if _, err := CheckBundle(consistent, verifier); err != nil {
		t.Fatalf("the untouched consistency bundle: %v", err)
	}
	for _, tc := range []struct {
		name   string
		b      Bundle
		change func(*Bundle)
		want   string
	}{
		{"signed by another key", good, func(b *Bundle) { b.Checkpoint = signedAt(t, other, 6, root) }, "checkpoint: audit: open checkpoint"},
		{"checkpoint altered", good, func(b *Bundle) { b.Checkpoint = strings.Replace(b.Checkpoint, "\n6\n", "\n5\n", 1) }, "checkpoint: "},
		{"tampered event", good, func(b *Bundle) { b.Event = strings.Replace(b.Event, "gov.officer-17", "gov.officer-71", 1) }, "inclusion proof for event 2"},
		{"event not canonical", good, func(b *Bundle) { b.Event = strings.Replace(b.Event, `"seq":2,`, `"seq": 2,`, 1) }, "event: "},
		{"event of another index", good, func(b *Bundle) { b.Index = 3 }, "the event is number 2, not 3"},
		{"proof not hex", good, func(b *Bundle) { b.Proof = append([]string{"zz"}, b.Proof[1:]...) }, "proof hash 0 is not hex"},
		{"proof hash short", good, func(b *Bundle) { b.Proof = append([]string{b.Proof[0][:62]}, b.Proof[1:]...) }, "hash 0 is 31 bytes"},
		{"proof cut short", good, func(b *Bundle) { b.Proof = b.Proof[:len(b.Proof)-1] }, "inclusion proof for event 2"},
		{"unknown type", good, func(b *Bundle) { b.Type = "exclusion" }, `unknown bundle type "exclusion"`},
		{"old signed by another key", consistent, func(b *Bundle) { b.Old = signedAt(t, other, 3, rootOf(t, leaves[:3])) }, "old checkpoint: "},
		{"old of another log", consistent, func(b *Bundle) { b.Old = signedAt(t, signer, 3, leaves[0]) }, "consistency proof from size 3 to 6"},
		{"rolled back", consistent, func(b *Bundle) { b.Checkpoint, b.Old = b.Old, b.Checkpoint }, "old size 6 is larger than new size 3"},
		{"old of the empty log", consistent, func(b *Bundle) { b.Old = signedAt(t, signer, 0, emptyRoot()) }, "the empty log, which proves nothing"},
	} {
		b := tc.b
		b.Proof = append([]string(nil), b.Proof...)
		tc.change(&b)
		if got, err := CheckBundle(b, verifier); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: CheckBundle = %q, %v; want an error containing %q", tc.name, got, err, tc.want)
		}
	}
}

// rootOf is the root of the log of the given leaves.
func rootOf(t *testing.T, leaves [][32]byte) [32]byte {
	t.Helper()
	tree := NewTree()
	for _, l := range leaves {
		if err := tree.Append(l); err != nil {
			t.Fatal(err)
		}
	}
	root, err := tree.Root()
	if err != nil {
		t.Fatal(err)
	}
	return root
}
