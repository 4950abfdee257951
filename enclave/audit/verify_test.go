package audit

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// verifyLog runs lines through a fresh Verifier and then Check.
func verifyLog(lines [][]byte, cp Checkpoint) error {
	v := NewVerifier()
	for _, l := range lines {
		if err := v.Add(l); err != nil {
			return err
		}
	}
	return v.Check(cp)
}

// verifyStream runs lines, as an export, through AddStream and then Check.
func verifyStream(lines [][]byte, cp Checkpoint) error {
	v := NewVerifier()
	if err := v.AddStream(bytes.NewReader(append(bytes.Join(lines, []byte("\n")), '\n'))); err != nil {
		return err
	}
	return v.Check(cp)
}

// rechain re-encodes events from index from onwards with the prev_roots that
// match their (possibly changed) predecessors: what an attacker with write
// access to the table, but not the signing key, can do.
func rechain(t *testing.T, lines [][]byte, from int) [][]byte {
	t.Helper()
	out := slices.Clone(lines)
	tree := NewTree()
	for i, l := range out {
		if i >= from {
			e, err := Parse(l)
			if err != nil {
				t.Fatal(err)
			}
			if e.PrevRoot, err = tree.Root(); err != nil {
				t.Fatal(err)
			}
			if out[i], err = e.Canonical(); err != nil {
				t.Fatal(err)
			}
		}
		if err := tree.Append(LeafHash(out[i])); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func changeBody(t *testing.T, line []byte) []byte {
	t.Helper()
	out := bytes.Replace(line, []byte(`"ttl_hours":2160`), []byte(`"ttl_hours":9999`), 1)
	if bytes.Equal(out, line) {
		t.Fatal("body change did not apply")
	}
	return out
}

func TestVerifierTampering(t *testing.T) {
	t.Parallel()
	const n = 40
	lines, _, root := buildLog(t, n, sampleEvent)
	cp := Checkpoint{Origin: testOrigin, Size: n, Root: root, Time: time.Now()}
	if err := verifyLog(lines, cp); err != nil {
		t.Fatalf("untouched log: %v", err)
	}

	for _, tc := range []struct {
		name      string
		tamper    func([][]byte) [][]byte
		wantIndex int64
		wantWords string
	}{
		{"body changed", func(l [][]byte) [][]byte { l[17] = changeBody(t, l[17]); return l }, 17, "event 17 was changed"},
		{"first event changed", func(l [][]byte) [][]byte { l[0] = changeBody(t, l[0]); return l }, 0, "event 0 was changed"},
		{"last event changed", func(l [][]byte) [][]byte { l[n-1] = changeBody(t, l[n-1]); return l }, -1, "checkpoint"},
		{"body changed and later prev_roots recomputed", func(l [][]byte) [][]byte {
			l[17] = changeBody(t, l[17])
			return rechain(t, l, 18)
		}, -1, "checkpoint"},
		{"event deleted", func(l [][]byte) [][]byte { return slices.Delete(l, 9, 10) }, 9, "deleted"},
		{"events swapped", func(l [][]byte) [][]byte { l[5], l[6] = l[6], l[5]; return l }, 5, "moved"},
		{"event duplicated", func(l [][]byte) [][]byte { return slices.Insert(l, 3, l[2]) }, 3, "inserted"},
		{"tail truncated", func(l [][]byte) [][]byte { return l[:n-3] }, -1, "3 missing"},
		{"event appended", func(l [][]byte) [][]byte {
			extra, _, _ := buildLog(t, n+1, sampleEvent)
			return append(l, extra[n])
		}, -1, "CheckPrefix"},
		{"not canonical", func(l [][]byte) [][]byte { l[4] = append([]byte(" "), l[4]...); return l }, 4, "canonical"},
		{"prev_root of event 0", func(l [][]byte) [][]byte {
			l[0] = bytes.Replace(l[0], []byte(`"prev_root":"e3`), []byte(`"prev_root":"e4`), 1)
			return l
		}, 0, "empty tree"},
	} {
		tampered := tc.tamper(slices.Clone(lines))
		for mode, verify := range map[string]func([][]byte, Checkpoint) error{"Add": verifyLog, "AddStream": verifyStream} {
			err := verify(tampered, cp)
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Errorf("%s (%s): error %v, want a *VerifyError", tc.name, mode, err)
				continue
			}
			if ve.Index != tc.wantIndex || !strings.Contains(ve.Reason, tc.wantWords) {
				t.Errorf("%s (%s): got index %d, %q; want index %d mentioning %q", tc.name, mode, ve.Index, ve.Reason, tc.wantIndex, tc.wantWords)
			}
		}
	}
}

func TestVerifierResignedCheckpoint(t *testing.T) {
	t.Parallel()
	lines, _, root := buildLog(t, 10, sampleEvent)
	signer, pinned := devKeys(t, testOrigin)
	forger, _ := devKeys(t, testOrigin) // same name, different key
	cp := Checkpoint{Origin: testOrigin, Size: 10, Root: root, Time: time.Now()}

	// The attacker rewrites the log and signs a matching checkpoint.
	lines[3] = changeBody(t, lines[3])
	lines = rechain(t, lines, 4)
	forged := NewVerifier()
	for _, l := range lines {
		if err := forged.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	cp.Root = forged.Root()
	signed, err := SignCheckpoint(cp, forger)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenCheckpoint(signed, pinned, testOrigin); err == nil {
		t.Fatal("OpenCheckpoint accepted a checkpoint signed by another key")
	}
	if _, err := SignCheckpoint(cp, signer); err != nil {
		t.Fatal(err)
	}
}

func TestVerifierStopsAtFirstFailure(t *testing.T) {
	t.Parallel()
	lines, _, root := buildLog(t, 5, sampleEvent)
	v := NewVerifier()
	first := v.Add([]byte("{}"))
	if first == nil || v.Err() == nil {
		t.Fatal("Add accepted {}")
	}
	for _, l := range lines {
		if err := v.Add(l); err != first {
			t.Errorf("Add after a failure = %v, want the first failure %v", err, first)
		}
	}
	if err := v.Check(Checkpoint{Size: 0, Root: root}); err != first {
		t.Errorf("Check after a failure = %v, want %v", err, first)
	}
}

// TestAddStreamKeepsOrderAcrossBatches verifies a log of several batches, and
// finds a change deep inside it at the same index as Add does.
func TestAddStreamKeepsOrderAcrossBatches(t *testing.T) {
	t.Parallel()
	const n = 3*streamBatch + 17
	lines, _, root := buildLog(t, n, sampleEvent)
	cp := Checkpoint{Origin: testOrigin, Size: n, Root: root, Time: time.Now()}
	if err := verifyStream(lines, cp); err != nil {
		t.Fatalf("untouched log: %v", err)
	}
	tampered := slices.Clone(lines)
	tampered[2*streamBatch+5] = changeBody(t, tampered[2*streamBatch+5])
	var ve *VerifyError
	if err := verifyStream(tampered, cp); !errors.As(err, &ve) || ve.Index != 2*streamBatch+5 {
		t.Errorf("AddStream on a changed event = %v, want index %d", err, 2*streamBatch+5)
	}
	v := NewVerifier()
	if err := v.AddStream(strings.NewReader(strings.Repeat("x", MaxEventBytes+2))); err == nil || !strings.Contains(err.Error(), "reading the log") {
		t.Errorf("AddStream with an over-long line = %v", err)
	}
}
