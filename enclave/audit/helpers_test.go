package audit

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

const testdata = "../../testdata/audit"

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("hex %q: %v", s, err)
	}
	return b
}

func hash32(t testing.TB, s string) [32]byte {
	t.Helper()
	b := unhex(t, s)
	if len(b) != 32 {
		t.Fatalf("hash %q is %d bytes", s, len(b))
	}
	return [32]byte(b)
}

// sampleEvent is a realistic event for position seq; PrevRoot is left zero.
func sampleEvent(seq uint64) Event {
	return Event{
		Seq:        seq,
		Time:       time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(seq) * 1500 * time.Microsecond),
		Principal:  "gov.officer-17",
		Role:       "governance",
		Kind:       KindTokenCreate,
		TargetType: "token",
		TargetID:   fmt.Sprintf("tok_%08d", seq),
		Outcome:    OutcomeSuccess,
		Decision:   &Decision{Allow: true, Reasons: []string{"role.permitted"}, Revision: "sha256:9f86d081884c7d65"},
		RequestID:  fmt.Sprintf("req-%012d", seq),
		Body:       json.RawMessage(fmt.Sprintf(`{"role":"researcher","subject":"researcher.%d","expires":"2025-06-01T00:00:00Z","ttl_hours":2160}`, seq%97)),
	}
}

// buildLog returns n chained canonical events made by mk, their leaf hashes,
// and the final root: what the store would produce.
func buildLog(t testing.TB, n int, mk func(uint64) Event) (lines [][]byte, leaves [][32]byte, root [32]byte) {
	t.Helper()
	tree := NewTree()
	for i := range uint64(n) {
		e := mk(i)
		var err error
		if e.PrevRoot, err = tree.Root(); err != nil {
			t.Fatal(err)
		}
		c, err := e.Canonical()
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		leaf := LeafHash(c)
		if err := tree.Append(leaf); err != nil {
			t.Fatal(err)
		}
		lines, leaves = append(lines, c), append(leaves, leaf)
	}
	root, err := tree.Root()
	if err != nil {
		t.Fatal(err)
	}
	return lines, leaves, root
}

// devKeys returns a signer and verifier for a throwaway key named name.
func devKeys(t testing.TB, name string) (note.Signer, note.Verifier) {
	t.Helper()
	skey, vkey, err := NewDevSigner(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}
