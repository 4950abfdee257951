package audit_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave/audit"
)

// exampleSource serves a log from memory; a real one fetches it from the
// log's server.
type exampleSource struct {
	signer  note.Signer
	events  [][]byte
	columns [][]byte
	leaves  [][32]byte
}

func (s *exampleSource) append(e audit.Event) {
	tree := audit.NewTree()
	for _, l := range s.leaves {
		_ = tree.Append(l)
	}
	e.Seq, e.PrevRoot = tree.Size(), must(tree.Root())
	canonical := must(e.Canonical())
	leaf := audit.LeafHash(canonical)
	s.events, s.leaves = append(s.events, canonical), append(s.leaves, leaf)
	s.columns = append(s.columns, audit.Columns{
		Seq: e.Seq, LeafHash: hex.EncodeToString(leaf[:]), RecordedAt: e.Time, Principal: e.Principal, Role: e.Role,
		Kind: string(e.Kind), TargetType: e.TargetType, TargetID: e.TargetID, Outcome: string(e.Outcome),
	}.AppendJSON(nil))
}

func (s *exampleSource) SignCheckpoint(context.Context) ([]byte, error) {
	tree := audit.NewTree()
	for _, l := range s.leaves {
		_ = tree.Append(l)
	}
	return audit.SignCheckpoint(audit.Checkpoint{Origin: s.signer.Name(), Size: tree.Size(), Root: must(tree.Root()), Time: time.Now()}, s.signer)
}

func (s *exampleSource) Export(_ context.Context, size uint64, read func(events, columns io.Reader) (uint64, error)) error {
	var events, columns bytes.Buffer
	for i := range size {
		events.Write(s.events[i])
		events.WriteByte('\n')
		columns.Write(s.columns[i])
		columns.WriteByte('\n')
	}
	_, err := read(&events, &columns)
	return err
}

func (s *exampleSource) ConsistencyProof(_ context.Context, from, to uint64) ([]string, error) {
	p, err := audit.ProveConsistency(s.leaves, from, to)
	var out []string
	for _, h := range p {
		out = append(out, hex.EncodeToString(h))
	}
	return out, err
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// An auditor verifies the whole log twice, keeping the state in between:
// the second run also proves that the log only grew.
func ExampleVerifyLog() {
	skey, vkey, _ := audit.NewDevSigner("enclave.example/audit")
	src := &exampleSource{signer: must(note.NewSigner(skey))}
	event := audit.Event{Time: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), Principal: "ops.admin", Role: "operator",
		Kind: audit.KindTokenCreate, TargetType: "token", TargetID: "tok_1", Outcome: audit.OutcomeSuccess, Body: json.RawMessage(`{}`)}
	src.append(event)
	src.append(event)
	path := filepath.Join(must(os.MkdirTemp("", "audit")), "state.json")
	defer os.RemoveAll(filepath.Dir(path))

	for _, first := range []bool{true, false} {
		last, err := audit.LoadState(path, first) // first: start a new state
		if err != nil {
			panic(err)
		}
		key, err := audit.PinnedKey(vkey, last)
		if err != nil {
			panic(err)
		}
		report, err := audit.VerifyLog(context.Background(), src, key, last)
		if err != nil {
			fmt.Println("FAILED:", err)
			return
		}
		fmt.Println("verified", report.Checkpoint.Size, "events; extends the saved state:", report.Extends != nil)
		if err := report.State(time.Now()).Save(path); err != nil {
			panic(err)
		}
		src.append(event) // the log grows
	}
	// Output:
	// verified 2 events; extends the saved state: false
	// verified 3 events; extends the saved state: true
}
