package audit

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

var update = flag.Bool("update", false, "regenerate testdata/audit/v1_fixture* (only when creating a new format version)")

const fixtureOrigin = "fixture.enclave.example/audit"

var (
	fixtureEvents     = filepath.Join(testdata, "v1_fixture.ndjson")
	fixtureCheckpoint = filepath.Join(testdata, "v1_fixture_checkpoint.txt")
	fixtureKey        = filepath.Join(testdata, "v1_fixture_vkey.txt")
)

// fixture returns the events frozen in v1_fixture.ndjson, before chaining.
func fixture() []Event {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	hmacKey := []byte("fixture audit field key")
	return []Event{
		{Time: at("2025-03-01T09:00:00Z"), Principal: "", Role: "anonymous", Kind: KindTokenBootstrap,
			TargetType: "token", TargetID: "tok_000001", Outcome: OutcomeSuccess, RequestID: "req-0001"},
		{Time: at("2025-03-01T09:05:00.000001Z"), Principal: "ops.admin", Role: "operator", Kind: KindTokenCreate,
			TargetType: "token", TargetID: "tok_000002", Outcome: OutcomeSuccess, RequestID: "req-0002",
			Decision: &Decision{Allow: true, Reasons: []string{"role.permitted"}, Revision: "sha256:3b1c0f"},
			Body:     json.RawMessage(`{"subject":"r.jones","role":"researcher","expires":"2025-06-30T23:59:59Z","ttl_hours":2640}`)},
		{Time: at("2025-03-01T09:06:30.123456Z"), Principal: "r.jones", Role: "researcher", Kind: KindAccessDenied,
			TargetType: "", TargetID: "", Outcome: OutcomeDenied, RequestID: "req-0003",
			Decision: &Decision{Allow: false, Reasons: []string{"role.not_permitted", "project.not_member"}, Revision: "sha256:3b1c0f"},
			Body: json.RawMessage(`{"route":"GET /v1/audit/events","request":{"query":{"limit":100,"cursor":null},"method":"GET"},` +
				`"nhs_number":"` + FieldHMAC(hmacKey, "fixture-identifier") + `"}`)},
		{Time: at("2025-03-01T10:00:00.5Z"), Principal: "a.auditor", Role: "auditor", Kind: KindAuditRead,
			TargetType: "audit", TargetID: "export", Outcome: OutcomeSuccess, RequestID: "req-0004",
			Decision: &Decision{Allow: true, Revision: "sha256:3b1c0f"},
			Body: json.RawMessage(`{"note":"Zoë's export — «résumé» 東京 😀 <>&","filter":"kind=\"token.*\"\nline two\ttab\u2028 \u0001\b\f\r\\ \/",` +
				`"range":[0,3],"escaped":"\u003cscript\u003e"}`)},
		{Time: at("2025-03-01T10:30:00Z"), Principal: "ops.admin", Role: "operator", Kind: KindTokenRevoke,
			TargetType: "token", TargetID: "tok_000002", Outcome: OutcomeFailure, RequestID: "req-0005",
			Decision: &Decision{Allow: true, Reasons: []string{"role.permitted"}, Revision: "sha256:3b1c0f"},
			Body:     json.RawMessage(`{"error":"already revoked","values":[1,2.5,-3e2,true,false,null,[],{}]}`)},
		{Time: at("2025-03-01T11:59:59.999999Z"), Principal: "", Role: "", Kind: KindCheckpoint,
			TargetType: "checkpoint", TargetID: "5", Outcome: OutcomeSuccess, RequestID: "",
			Body: json.RawMessage(`{"origin":"` + fixtureOrigin + `","size":5}`)},
	}
}

// TestFixtureV1 freezes format version 1. It must keep passing, unchanged,
// for as long as any log holds v1 events: if it fails, the code changed the
// format, and the code is wrong, not the fixture.
func TestFixtureV1(t *testing.T) {
	t.Parallel()
	if *update {
		writeFixture(t)
	}
	data, err := os.ReadFile(fixtureEvents)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Fatal("fixture does not end with a newline")
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	want := fixture()
	if len(lines) != len(want) {
		t.Fatalf("fixture has %d events, want %d", len(lines), len(want))
	}
	v := NewVerifier()
	for i, line := range lines {
		e, err := Parse(line)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if again, err := e.Canonical(); err != nil || !bytes.Equal(again, line) {
			t.Errorf("line %d: re-encoding differs (%v):\n got %s\nwant %s", i+1, err, again, line)
		}
		// Encoding the Go values afresh must also give the frozen bytes.
		w := want[i]
		w.Seq, w.PrevRoot = uint64(i), v.Root()
		if fresh, err := w.Canonical(); err != nil || !bytes.Equal(fresh, line) {
			t.Errorf("line %d: encoding fixture() differs (%v):\n got %s\nwant %s", i+1, err, fresh, line)
		}
		if err := v.Add(line); err != nil {
			t.Fatal(err)
		}
	}

	vkey, err := os.ReadFile(fixtureKey)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		t.Fatal(err)
	}
	signed, err := os.ReadFile(fixtureCheckpoint)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := OpenCheckpoint(signed, verifier, fixtureOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Check(cp); err != nil {
		t.Fatal(err)
	}
	if got := cp.Time.Format(time.RFC3339); got != "2025-03-01T12:00:00Z" {
		t.Errorf("checkpoint time %s", got)
	}
}

// writeFixture regenerates the fixture with a fresh signing key. Run it with
// go test ./enclave/audit -run TestFixture -update, never in CI.
func writeFixture(t *testing.T) {
	t.Helper()
	events := fixture()
	tree := NewTree()
	var out bytes.Buffer
	for i := range events {
		root, err := tree.Root()
		if err != nil {
			t.Fatal(err)
		}
		events[i].Seq, events[i].PrevRoot = uint64(i), root
		c, err := events[i].Canonical()
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if err := tree.Append(LeafHash(c)); err != nil {
			t.Fatal(err)
		}
		out.Write(c)
		out.WriteByte('\n')
	}
	root, err := tree.Root()
	if err != nil {
		t.Fatal(err)
	}
	skey, vkey, err := NewDevSigner(fixtureOrigin)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	cp := Checkpoint{Origin: fixtureOrigin, Size: tree.Size(), Root: root, Time: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	signed, err := SignCheckpoint(cp, signer)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{fixtureEvents: out.Bytes(), fixtureCheckpoint: signed, fixtureKey: []byte(vkey + "\n")} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("wrote %s, %s and %s", fixtureEvents, fixtureCheckpoint, fixtureKey)
}
