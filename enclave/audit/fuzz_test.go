package audit

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// FuzzParse: Parse never panics, and whatever it accepts is canonical: it
// re-encodes to the same bytes, and has no newline.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile(fixtureEvents); err == nil {
		for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
			f.Add(line)
		}
	}
	for i := range uint64(3) {
		if c, err := sampleEvent(i).Canonical(); err == nil {
			f.Add(c)
		}
	}
	f.Add([]byte(`{"v":1,"seq":0}`))
	f.Add([]byte(`{"v":2,"seq":0,"time":""}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Parse(b)
		if err != nil {
			return
		}
		c, err := e.Canonical()
		if err != nil {
			t.Fatalf("Parse accepted %q but Canonical fails: %v", b, err)
		}
		if !bytes.Equal(c, b) {
			t.Fatalf("Canonical(Parse(b)) != b:\n got %q\nwant %q", c, b)
		}
		if bytes.IndexByte(b, '\n') >= 0 {
			t.Fatalf("accepted a newline: %q", b)
		}
	})
}

// FuzzCheckpointSize: CheckpointSize never panics, and it reads a note's
// text exactly as OpenCheckpoint does: the size it accepts is the size of the
// same text signed and opened.
func FuzzCheckpointSize(f *testing.F) {
	if data, err := os.ReadFile(fixtureCheckpoint); err == nil {
		f.Add(data)
	}
	f.Add([]byte("o\n12\nKWyc45BTWxjeLrDI038wisLhhPMgmcI5+015Lo6zyQY=\ntime 2025-03-01T12:00:00Z\n\n— o sig\n"))
	f.Add([]byte("o\n012\n\n\n"))
	signer, verifier := devKeys(f, "fuzz.example/audit")
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := CheckpointSize(b)
		if err != nil {
			return
		}
		text := b[:bytes.LastIndex(b, []byte("\n\n"))+1]
		signed, err := note.Sign(&note.Note{Text: string(text)}, signer)
		if err != nil {
			return
		}
		origin, _, _ := bytes.Cut(text, []byte("\n"))
		cp, err := OpenCheckpoint(signed, verifier, string(origin))
		if err != nil || cp.Size != n {
			t.Fatalf("CheckpointSize = %d for %q, OpenCheckpoint = %d, %v", n, text, cp.Size, err)
		}
	})
}
