package audit

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

const testOrigin = "enclave.example.nhs.uk/audit"

func testCheckpoint() Checkpoint {
	return Checkpoint{
		Origin: testOrigin,
		Size:   20852163,
		Root:   [32]byte{0x0a, 0xc5, 0x18, 0x6a, 31: 0xff},
		Time:   time.Date(2025, 3, 1, 9, 30, 15, 999, time.FixedZone("BST", 3600)),
	}
}

func TestCheckpointBody(t *testing.T) {
	t.Parallel()
	want := "enclave.example.nhs.uk/audit\n20852163\nCsUYagAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP8=\ntime 2025-03-01T08:30:15Z\n"
	if got := string(testCheckpoint().Body()); got != want {
		t.Errorf("Body:\n got %q\nwant %q", got, want)
	}
	empty := Checkpoint{Origin: "o", Root: emptyRoot(), Time: time.Unix(0, 0)}
	if got, want := string(empty.Body()), "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\ntime 1970-01-01T00:00:00Z\n"; got != want {
		t.Errorf("empty Body:\n got %q\nwant %q", got, want)
	}
}

func TestCheckpointSignOpen(t *testing.T) {
	t.Parallel()
	signer, verifier := devKeys(t, testOrigin)
	cp := testCheckpoint()
	signed, err := SignCheckpoint(cp, signer)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(signed, append(cp.Body(), "\n— "+testOrigin+" "...)) {
		t.Errorf("signed note layout:\n%s", signed)
	}
	got, err := OpenCheckpoint(signed, verifier, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	want := cp
	want.Time = time.Date(2025, 3, 1, 8, 30, 15, 0, time.UTC)
	if got != want {
		t.Errorf("OpenCheckpoint = %+v, want %+v", got, want)
	}

	if _, err := OpenCheckpoint(signed, verifier, "other.example/audit"); err == nil {
		t.Error("OpenCheckpoint accepted the wrong origin")
	}
	_, otherVerifier := devKeys(t, testOrigin)
	var unverified *note.UnverifiedNoteError
	if _, err := OpenCheckpoint(signed, otherVerifier, testOrigin); !errors.As(err, &unverified) {
		t.Errorf("OpenCheckpoint with another key: %v, want UnverifiedNoteError", err)
	}
	tampered := bytes.Replace(signed, []byte("20852163"), []byte("20852162"), 1)
	var invalid *note.InvalidSignatureError
	if _, err := OpenCheckpoint(tampered, verifier, testOrigin); !errors.As(err, &invalid) {
		t.Errorf("OpenCheckpoint of a changed body: %v, want InvalidSignatureError", err)
	}

	// A co-signature by another key (a witness) is ignored, not an error.
	witness, _ := devKeys(t, "witness.example")
	cosigned, err := note.Sign(&note.Note{Text: string(cp.Body())}, signer, witness)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenCheckpoint(cosigned, verifier, testOrigin); err != nil {
		t.Errorf("OpenCheckpoint with a witness cosignature: %v", err)
	}
}

func TestSignCheckpointRejects(t *testing.T) {
	t.Parallel()
	signer, _ := devKeys(t, testOrigin)
	for name, mutate := range map[string]func(*Checkpoint){
		"empty origin":     func(c *Checkpoint) { c.Origin = "" },
		"origin space":     func(c *Checkpoint) { c.Origin = "a b" },
		"origin plus":      func(c *Checkpoint) { c.Origin = "a+b" },
		"origin newline":   func(c *Checkpoint) { c.Origin = "a\nb" },
		"zero time":        func(c *Checkpoint) { c.Time = time.Time{} },
		"origin bad UTF-8": func(c *Checkpoint) { c.Origin = "a\xff" },
	} {
		cp := testCheckpoint()
		mutate(&cp)
		if _, err := SignCheckpoint(cp, signer); err == nil {
			t.Errorf("%s: SignCheckpoint accepted it", name)
		}
	}
}

// TestOpenCheckpointMalformed signs each malformed body with the right key,
// so that only the strict body parser stands in the way.
func TestOpenCheckpointMalformed(t *testing.T) {
	t.Parallel()
	signer, verifier := devKeys(t, testOrigin)
	good := string(testCheckpoint().Body())
	for name, body := range map[string]string{
		"no time line":        strings.Join(strings.Split(good, "\n")[:3], "\n") + "\n",
		"extra line":          good + "more\n",
		"size leading zero":   strings.Replace(good, "\n20852163\n", "\n020852163\n", 1),
		"size negative":       strings.Replace(good, "\n20852163\n", "\n-1\n", 1),
		"size not number":     strings.Replace(good, "\n20852163\n", "\nmany\n", 1),
		"root unpadded":       strings.Replace(good, "AP8=\n", "AP8\n", 1),
		"root short":          strings.Replace(good, "CsUYag", "CsUY", 1),
		"root url base64":     strings.Replace(good, "CsUYag", "CsUY_g", 1),
		"time fraction":       strings.Replace(good, "15Z\n", "15.5Z\n", 1),
		"time offset":         strings.Replace(good, "08:30:15Z", "09:30:15+01:00", 1),
		"time wrong keyword":  strings.Replace(good, "time ", "Time ", 1),
		"origin with space":   strings.Replace(good, testOrigin, "enclave audit", 1),
		"empty line in body":  strings.Replace(good, "\ntime", "\n\ntime", 1),
		"origin trailing tab": strings.Replace(good, testOrigin, testOrigin+"\t", 1),
	} {
		if body == good {
			t.Errorf("%s: mutation did not apply", name)
			continue
		}
		signed, err := note.Sign(&note.Note{Text: body}, signer)
		if err != nil {
			continue // note itself refuses it: fine
		}
		if cp, err := OpenCheckpoint(signed, verifier, testOrigin); err == nil {
			t.Errorf("%s: OpenCheckpoint accepted %q as %+v", name, body, cp)
		}
		if n, err := CheckpointSize(signed); err == nil {
			t.Errorf("%s: CheckpointSize accepted %q as size %d", name, body, n)
		}
	}
}

// TestCheckpointSize reads the size of a signed checkpoint without a key,
// whoever signed it, and refuses what OpenCheckpoint would not parse.
func TestCheckpointSize(t *testing.T) {
	t.Parallel()
	signer, _ := devKeys(t, testOrigin)
	witness, _ := devKeys(t, "witness.example")
	cp := testCheckpoint()
	signed, err := SignCheckpoint(cp, signer)
	if err != nil {
		t.Fatal(err)
	}
	cosigned, err := note.Sign(&note.Note{Text: string(cp.Body())}, signer, witness)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		signed []byte
		want   uint64
		ok     bool
	}{
		"signed":          {signed, cp.Size, true},
		"cosigned":        {cosigned, cp.Size, true},
		"body only":       {cp.Body(), 0, false},
		"empty":           {nil, 0, false},
		"size line only":  {[]byte("o\n12\n\n— o sig\n"), 0, false},
		"signature lines": {[]byte("\n\n— o sig\n"), 0, false},
	} {
		got, err := CheckpointSize(tc.signed)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%s: CheckpointSize = %d, %v; want %d, ok %v", name, got, err, tc.want, tc.ok)
		}
	}
}
