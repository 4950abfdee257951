package answer_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/disclosure"
	"github.com/research-enclave/enclave/enclave/ingest"
	st "github.com/research-enclave/enclave/internal/services/servicestest"
	"github.com/research-enclave/enclave/internal/synth"
)

// revision is the data revision of live loads ids, as docs/queries.md
// defines it.
func revision(ids ...int64) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprint(id)
	}
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// TestRetractionMovesTheDataRevisionAndLedgerKeepsCells: a load and a
// retraction each change the data revision in the manifest and its audit
// event; the cells released while the retracted load was live stay in the
// differencing ledger, so the same question after the retraction, which
// differs from them by the few people of that load, is not released in
// full.
func TestRetractionMovesTheDataRevisionAndLedgerKeepsCells(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, project := newAnswers(t)
	// Another researcher's project: a ledger of its own.
	other := st.Draft()
	other.Lead, other.Members = st.Outsider.Principal.ID, nil
	otherID := e.Approved(t, other).ID

	ask := func(who enclave.Actor, p string) answer.Answer {
		t.Helper()
		a, err := e.Answers.RunSQL(ctx, who, p, bySex)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	loads := e.Events(t, enclave.AuditFilter{Kind: string(audit.KindDatasetLoad), Outcome: string(audit.OutcomeSuccess)})
	var first int64
	for _, ev := range loads {
		if b := body(t, ev); b["dataset"] == "patients" {
			fmt.Sscan(ev.TargetID, &first)
		}
	}
	before := ask(st.Outsider, otherID)
	if got := before.Manifest.DataRevisions["patients"]; got != revision(first) {
		t.Fatalf("data revision before: %s, want %s (load %d)", got, revision(first), first)
	}

	dir := t.TempDir()
	if _, err := synth.Generate(ctx, dir, synth.Options{People: 5, Seed: 77}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "patients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	few, err := e.Loads.Load(ctx, st.Otto, ingest.Request{Dataset: "patients", Mapping: "synth_patients"}, f)
	f.Close()
	if err != nil || few.RowsStored == 0 {
		t.Fatalf("load a few more people: %+v, %v", few.Record, err)
	}
	loaded := ask(st.Researcher, project)
	if loaded.Result == nil || loaded.Manifest.DataRevisions["patients"] != revision(first, few.ID) {
		t.Fatalf("after a load: %+v; want released with revision %s", loaded.Manifest, revision(first, few.ID))
	}
	released := queryEvents(t, e, project, audit.OutcomeSuccess)
	if b := body(t, released[len(released)-1]); fmt.Sprint(b["data_revisions"]) != fmt.Sprint(map[string]any{"patients": revision(first, few.ID)}) {
		t.Errorf("query.run event data_revisions %v, want the manifest's", b["data_revisions"])
	}

	if _, err := e.Loads.Retract(ctx, st.Otto, few.ID, "a test file, loaded by mistake"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Loads.ConfirmRetraction(ctx, st.GovA, few.ID); err != nil {
		t.Fatal(err)
	}
	after := ask(st.Researcher, project)
	m := after.Manifest
	if after.Result == nil {
		t.Fatalf("after the retraction: held %+v; want an answer with cells withheld", after.Held)
	}
	if m.DataRevisions["patients"] != revision(first) {
		t.Errorf("after the retraction the data revision is %s, want %s", m.DataRevisions["patients"], revision(first))
	}
	if m.Suppressed[disclosure.RuleDifferencing] == 0 {
		t.Errorf("after the retraction: released %+v with nothing withheld for differencing; want the cells released before to constrain it", after.Result)
	}
	// The same rows as before the load: the same description of them.
	if again := ask(st.Outsider, otherID); again.Manifest.DataRevisions["patients"] != revision(first) {
		t.Errorf("after the retraction, another project's answer has revision %s, want %s", again.Manifest.DataRevisions["patients"], revision(first))
	}
}
