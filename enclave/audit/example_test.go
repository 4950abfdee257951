package audit_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave/audit"
)

// The store's side: append events to the tree and sign a checkpoint. The
// auditor's side: verify the exported lines against the checkpoint, with
// only the public key.
func Example() {
	const origin = "enclave.example/audit"
	skey, vkey, _ := audit.NewDevSigner(origin)
	signer, _ := note.NewSigner(skey)

	tree := audit.NewTree()
	var export bytes.Buffer
	for i, target := range []string{"tok_1", "tok_2", "tok_3"} {
		prev, _ := tree.Root()
		e := audit.Event{
			Seq: uint64(i), Time: time.Date(2025, 3, 1, 9, i, 0, 0, time.UTC), PrevRoot: prev,
			Principal: "ops.admin", Role: "operator", Kind: audit.KindTokenCreate,
			TargetType: "token", TargetID: target, Outcome: audit.OutcomeSuccess,
			Body: json.RawMessage(`{"subject":"` + audit.FieldHMAC([]byte("field key"), "someone") + `"}`),
		}
		line, err := e.Canonical()
		if err != nil {
			panic(err)
		}
		_ = tree.Append(audit.LeafHash(line))
		export.Write(append(line, '\n'))
	}
	root, _ := tree.Root()
	signed, _ := audit.SignCheckpoint(audit.Checkpoint{Origin: origin, Size: tree.Size(), Root: root, Time: time.Now()}, signer)

	// Offline, with the exported lines, the signed checkpoint and vkey.
	verifier, _ := note.NewVerifier(vkey)
	cp, err := audit.OpenCheckpoint(signed, verifier, origin)
	if err != nil {
		panic(err)
	}
	v := audit.NewVerifier()
	for _, line := range bytes.Split(bytes.TrimSuffix(export.Bytes(), []byte("\n")), []byte("\n")) {
		if err := v.Add(line); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("check:", v.Check(cp))
	fmt.Println("events:", v.Size())
	// Output:
	// check: <nil>
	// events: 3
}

func ExampleFieldHMAC() {
	fmt.Println(audit.FieldHMAC([]byte("key"), "The quick brown fox jumps over the lazy dog"))
	// Output: hmac-sha256:f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8
}
