package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// memSource serves a log from memory, as a server would, with knobs for
// what a faulty or dishonest server does.
type memSource struct {
	signer  note.Signer
	leaves  [][32]byte // the log the checkpoint signs
	events  [][]byte   // the export, one canonical event each
	columns [][]byte   // one Columns line per exported event
	cutOff  bool       // the export says it stopped early
	proof   []string   // when set, served instead of the true consistency proof
}

var _ Source = (*memSource)(nil)

// newMemSource serves the log of n sample events, made by mk, signed by s.
func newMemSource(t *testing.T, s note.Signer, n int, mk func(uint64) Event) *memSource {
	t.Helper()
	lines, leaves, _ := buildLog(t, n, mk)
	src := &memSource{signer: s, leaves: leaves, events: lines}
	for _, l := range lines {
		src.columns = append(src.columns, columnsOf(t, l).AppendJSON(nil))
	}
	return src
}

func (s *memSource) SignCheckpoint(context.Context) ([]byte, error) {
	tree := NewTree()
	for _, l := range s.leaves {
		if err := tree.Append(l); err != nil {
			return nil, err
		}
	}
	root, err := tree.Root()
	if err != nil {
		return nil, err
	}
	return SignCheckpoint(Checkpoint{Origin: s.signer.Name(), Size: tree.Size(), Root: root, Time: time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC)}, s.signer)
}

func (s *memSource) Export(_ context.Context, size uint64, read func(events, columns io.Reader) (uint64, error)) error {
	n := min(size, uint64(len(s.events)))
	lines := func(ls [][]byte) io.Reader {
		var b bytes.Buffer
		for _, l := range ls {
			b.Write(l)
			b.WriteByte('\n')
		}
		return &b
	}
	got, err := read(lines(s.events[:n]), lines(s.columns[:n]))
	if err != nil {
		return err
	}
	if s.cutOff {
		return fmt.Errorf("the export stopped after %d events", got)
	}
	return nil
}

func (s *memSource) ConsistencyProof(_ context.Context, from, to uint64) ([]string, error) {
	if s.proof != nil {
		return s.proof, nil
	}
	p, err := ProveConsistency(s.leaves, from, to)
	return hexProof(p), err
}

// testKey makes a signing key and its verifier key, named testOrigin.
func testKey(t *testing.T) (note.Signer, string) {
	t.Helper()
	skey, vkey, err := NewDevSigner(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	return s, vkey
}

var savedAt = time.Date(2026, 12, 6, 15, 4, 5, 0, time.UTC)

// verified verifies src's log with no saved state and returns the state to
// save, as saved at savedAt.
func verified(t *testing.T, src Source, key string) *State {
	t.Helper()
	r, err := VerifyLog(context.Background(), src, key, nil)
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	st := r.State(savedAt)
	return &st
}

func TestVerifyLogFirstRun(t *testing.T) {
	t.Parallel()
	signer, key := testKey(t)
	src := newMemSource(t, signer, 5, sampleEvent)
	r, err := VerifyLog(context.Background(), src, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, root := buildLog(t, 5, sampleEvent)
	want := fmt.Sprintf("5 events verified against the checkpoint signed by %s (root %x), and every copy kept for searching matches its event", testOrigin, root[:8])
	if r.String() != want || r.Extends != nil || r.Checkpoint.Root != root {
		t.Errorf("VerifyLog = %q (extends %v); want %q", r, r.Extends, want)
	}
	signed, _ := src.SignCheckpoint(context.Background())
	now := time.Date(2026, 12, 6, 16, 0, 0, 0, time.FixedZone("CET", 3600))
	if st := r.State(now); st.VerifierKey != key || st.Checkpoint != string(signed) || !st.VerifiedAt.Equal(now) || st.VerifiedAt.Location() != time.UTC {
		t.Errorf("State = %+v", st)
	}
}

// TestVerifyLogExtendsSavedState verifies a log, lets it grow, and verifies
// it again with the state saved the first time.
func TestVerifyLogExtendsSavedState(t *testing.T) {
	t.Parallel()
	signer, key := testKey(t)
	for _, tc := range []struct {
		name       string
		from, to   int
		wantSuffix string
	}{
		{"grown", 5, 8, "; consistent with the checkpoint saved at 2026-12-06T15:04:05Z (size 5)"},
		{"unchanged", 8, 8, "; consistent with the checkpoint saved at 2026-12-06T15:04:05Z (size 8)"},
		{"saved when empty", 0, 3, "and every copy kept for searching matches its event"},
	} {
		st := verified(t, newMemSource(t, signer, tc.from, sampleEvent), key)
		r, err := VerifyLog(context.Background(), newMemSource(t, signer, tc.to, sampleEvent), key, st)
		if err != nil || !strings.HasSuffix(r.String(), tc.wantSuffix) {
			t.Errorf("%s: VerifyLog = %q, %v; want a verdict ending %q", tc.name, r, err, tc.wantSuffix)
			continue
		}
		if (r.Extends != nil) != (tc.from > 0) || (r.Extends != nil && (r.Extends.Size != uint64(tc.from) || !r.SavedAt.Equal(savedAt))) {
			t.Errorf("%s: Extends = %+v, SavedAt %v", tc.name, r.Extends, r.SavedAt)
		}
	}
}

// otherEvent is sampleEvent by another principal: a rewritten history.
func otherEvent(seq uint64) Event {
	e := sampleEvent(seq)
	e.Principal = "someone.else"
	return e
}

func TestVerifyLogFails(t *testing.T) {
	t.Parallel()
	signer, key := testKey(t)
	other, otherKey := testKey(t)
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) (*memSource, string, *State)
		want  string
		index int64 // of the event a *VerifyError names, or -2 for none
	}{
		{"not a key", func(t *testing.T) (*memSource, string, *State) {
			return newMemSource(t, signer, 3, sampleEvent), "not a key", nil
		}, "the pinned key is not a verifier key", -2},
		{"signed by another key", func(t *testing.T) (*memSource, string, *State) {
			return newMemSource(t, signer, 3, sampleEvent), otherKey, nil
		}, "the checkpoint does not verify with the pinned key (signed by another key, or altered)", -2},
		{"tampered event", func(t *testing.T) (*memSource, string, *State) {
			src := newMemSource(t, signer, 6, sampleEvent)
			src.events[3] = bytes.Replace(src.events[3], []byte(`"ttl_hours":2160`), []byte(`"ttl_hours":9999`), 1)
			src.columns[3] = columnsOf(t, src.events[3]).AppendJSON(nil)
			return src, key, nil
		}, "at event 3: the root over events 0..3 differs from the prev_root recorded by event 4", 3},
		{"deleted event", func(t *testing.T) (*memSource, string, *State) {
			src := newMemSource(t, signer, 6, sampleEvent)
			src.events = append(src.events[:2:2], src.events[3:]...)
			src.columns = append(src.columns[:2:2], src.columns[3:]...)
			return src, key, nil
		}, "seq is 3 where 2 belongs", 2},
		{"changed copy", func(t *testing.T) (*memSource, string, *State) {
			src := newMemSource(t, signer, 6, sampleEvent)
			src.columns[1] = bytes.Replace(src.columns[1], []byte(`"gov.officer-17"`), []byte(`"someone.else"`), 1)
			return src, key, nil
		}, "at event 1: column principal_id, a copy kept for searching", 1},
		{"truncated log", func(t *testing.T) (*memSource, string, *State) {
			src := newMemSource(t, signer, 8, sampleEvent)
			src.events, src.columns = src.events[:6], src.columns[:6]
			return src, key, nil
		}, "the log is truncated", -1},
		{"export cut off", func(t *testing.T) (*memSource, string, *State) {
			src := newMemSource(t, signer, 8, sampleEvent)
			src.events, src.columns, src.cutOff = src.events[:6], src.columns[:6], true
			return src, key, nil
		}, "the export stopped after 6 events", -2},
		{"saved checkpoint signed by another key", func(t *testing.T) (*memSource, string, *State) {
			st := verified(t, newMemSource(t, other, 5, sampleEvent), otherKey)
			return newMemSource(t, signer, 8, sampleEvent), key, st
		}, "the saved checkpoint does not verify with the pinned key", -2},
		{"rolled back", func(t *testing.T) (*memSource, string, *State) {
			st := verified(t, newMemSource(t, signer, 8, sampleEvent), key)
			return newMemSource(t, signer, 5, sampleEvent), key, st
		}, "the log shrank: the saved checkpoint (2026-12-06T15:04:05Z) has 8 events, the server's now has 5", -2},
		{"history rewritten", func(t *testing.T) (*memSource, string, *State) {
			st := verified(t, newMemSource(t, signer, 5, sampleEvent), key)
			return newMemSource(t, signer, 8, otherEvent), key, st
		}, "the log no longer matches the checkpoint saved at 2026-12-06T15:04:05Z (size 5): history was rewritten", -1},
		{"bad consistency proof", func(t *testing.T) (*memSource, string, *State) {
			st := verified(t, newMemSource(t, signer, 5, sampleEvent), key)
			src := newMemSource(t, signer, 8, sampleEvent)
			p, _ := src.ConsistencyProof(context.Background(), 5, 8)
			src.proof = append([]string{strings.Repeat("0", 64)}, p[1:]...)
			return src, key, st
		}, "the consistency proof from size 5 to 8 does not verify", -2},
		{"consistency proof not hex", func(t *testing.T) (*memSource, string, *State) {
			st := verified(t, newMemSource(t, signer, 5, sampleEvent), key)
			src := newMemSource(t, signer, 8, sampleEvent)
			src.proof = []string{"not hex"}
			return src, key, st
		}, "the consistency proof from size 5 to 8 does not verify: proof hash 0 is not hex", -2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, key, last := tc.setup(t)
			r, err := VerifyLog(context.Background(), src, key, last)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("VerifyLog = %q, %v; want an error containing %q", r, err, tc.want)
			}
			var ve *VerifyError
			if got := errors.As(err, &ve); got != (tc.index != -2) || (got && ve.Index != tc.index) {
				t.Errorf("VerifyLog error %v: a VerifyError %v (%+v), want one naming event %d", err, got, ve, tc.index)
			}
		})
	}
}
