package audit

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// columnsOf is what a store keeps beside canonical: its copies, with the
// jsonb copy in another spelling than the canonical bytes, as PostgreSQL
// prints jsonb (other key order, spaces after colons).
func columnsOf(t *testing.T, canonical []byte) Columns {
	t.Helper()
	e, err := Parse(canonical)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(canonical, &v); err != nil {
		t.Fatal(err)
	}
	compact, _ := json.Marshal(v)
	jsonb := bytes.ReplaceAll(compact, []byte(`":`), []byte(`": `))
	leaf := LeafHash(canonical)
	return Columns{
		Seq: e.Seq, LeafHash: hex.EncodeToString(leaf[:]), RecordedAt: e.Time, Principal: e.Principal, Role: e.Role,
		Kind: string(e.Kind), TargetType: e.TargetType, TargetID: e.TargetID, Outcome: string(e.Outcome), Event: jsonb,
	}
}

// TestCheckColumnsNamesEachChangedCopy changes each copy in turn and wants
// CheckColumns to name it; the untouched copies pass.
func TestCheckColumnsNamesEachChangedCopy(t *testing.T) {
	t.Parallel()
	ev := sampleEvent(7)
	ev.Body = json.RawMessage(`{"cells":24,"ratio":1.50,"big":1e3,"suppressed":{"primary":3},"list":[1,"two",null,true]}`)
	canonical, err := ev.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	e, _ := Parse(canonical)
	good := columnsOf(t, canonical)
	// jsonb spells numbers its own way; the value is what counts.
	good.Event = bytes.Replace(good.Event, []byte(`1e3`), []byte(`1000`), 1)
	good.Event = bytes.Replace(good.Event, []byte(`1.50`), []byte(`1.5`), 1)
	if err := CheckColumns(canonical, e, good); err != nil {
		t.Fatalf("untouched copies: %v", err)
	}
	var read Columns
	if err := json.Unmarshal(good.AppendJSON(nil), &read); err != nil || CheckColumns(canonical, e, read) != nil {
		t.Fatalf("the copies through AppendJSON and back: %v, %v", err, CheckColumns(canonical, e, read))
	}
	for _, tc := range []struct {
		column string
		change func(*Columns)
	}{
		{"seq", func(c *Columns) { c.Seq++ }},
		{"leaf_hash", func(c *Columns) { c.LeafHash = strings.Repeat("0", 64) }},
		{"recorded_at", func(c *Columns) { c.RecordedAt = c.RecordedAt.Add(time.Microsecond) }},
		{"principal_id", func(c *Columns) { c.Principal = "someone-else" }},
		{"role", func(c *Columns) { c.Role = "auditor" }},
		{"kind", func(c *Columns) { c.Kind = string(KindAuditRead) }},
		{"target_type", func(c *Columns) { c.TargetType = "project" }},
		{"target_id", func(c *Columns) { c.TargetID = "tok_other" }},
		{"outcome", func(c *Columns) { c.Outcome = string(OutcomeDenied) }},
		{"event", func(c *Columns) {
			c.Event = bytes.Replace(c.Event, []byte(`gov.officer-17`), []byte(`someone-else`), 1)
		}},
		{"event", func(c *Columns) { c.Event = bytes.Replace(c.Event, []byte(`"primary": 3`), []byte(`"primary": 4`), 1) }},
		{"event", func(c *Columns) { c.Event = bytes.Replace(c.Event, []byte(`"two"`), []byte(`"three"`), 1) }},
		{"event", func(c *Columns) { c.Event = []byte(`{}`) }},
		{"event", func(c *Columns) { c.Event = []byte(`not json`) }},
	} {
		c := good
		tc.change(&c)
		if bytes.Equal(c.Event, good.Event) && tc.column == "event" {
			t.Fatalf("the change to %s did not apply", tc.column)
		}
		err := CheckColumns(canonical, e, c)
		var ce *ColumnError
		if !errors.As(err, &ce) || ce.Column != tc.column || ce.Seq != 7 {
			t.Errorf("%s changed: got %v, want a *ColumnError naming event 7 and column %s", tc.column, err, tc.column)
		}
	}
}

// TestVerifierChecksStoredCopies runs a log through AddStreamColumns with
// one copy changed and wants verification to fail at that event, naming
// the column; with every copy intact it passes.
func TestVerifierChecksStoredCopies(t *testing.T) {
	t.Parallel()
	const n = 30
	lines, _, root := buildLog(t, n, sampleEvent)
	cp := Checkpoint{Origin: testOrigin, Size: n, Root: root, Time: time.Now()}
	export := append(bytes.Join(lines, []byte("\n")), '\n')
	run := func(change func(i int, c *Columns)) error {
		var cols bytes.Buffer
		for i, l := range lines {
			c := columnsOf(t, l)
			if i%2 == 0 {
				c.Event = nil // the store compared it itself
			}
			change(i, &c)
			cols.Write(append(c.AppendJSON(nil), '\n'))
		}
		v := NewVerifier()
		if err := v.AddStreamColumns(bytes.NewReader(export), &cols); err != nil {
			return err
		}
		return v.Check(cp)
	}
	if err := run(func(int, *Columns) {}); err != nil {
		t.Fatalf("intact copies: %v", err)
	}
	err := run(func(i int, c *Columns) {
		if i == 12 {
			c.Principal = "someone-else"
		}
	})
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.Index != 12 || !strings.Contains(ve.Reason, "column principal_id") {
		t.Errorf("a changed principal_id copy: %v, want a failure at event 12 naming column principal_id", err)
	}
	err = run(func(i int, c *Columns) {
		if i == 13 {
			c.Event = bytes.Replace(c.Event, []byte(`"token.create"`), []byte(`"audit.read"`), 1)
		}
	})
	if !errors.As(err, &ve) || ve.Index != 13 || !strings.Contains(ve.Reason, "column event") || !strings.Contains(ve.Reason, "at kind") {
		t.Errorf("a changed jsonb copy: %v, want a failure at event 13 naming column event and the member", err)
	}
	var short bytes.Buffer
	for _, l := range lines[:n-1] {
		b, _ := json.Marshal(columnsOf(t, l))
		short.Write(append(b, '\n'))
	}
	err = NewVerifier().AddStreamColumns(bytes.NewReader(export), &short)
	if err == nil || errors.As(err, &ve) || !strings.Contains(err.Error(), "end before the log") {
		t.Errorf("a columns stream one line short: %v, want an error that is not a verification failure", err)
	}
	var extra bytes.Buffer
	for _, l := range append(lines, lines[0]) {
		b, _ := json.Marshal(columnsOf(t, l))
		extra.Write(append(b, '\n'))
	}
	if err := NewVerifier().AddStreamColumns(bytes.NewReader(export), &extra); err == nil || !strings.Contains(err.Error(), "more lines") {
		t.Errorf("a columns stream with lines to spare: %v", err)
	}
}

func TestSearchTimeOrdersAsTime(t *testing.T) {
	t.Parallel()
	event := time.Date(2026, 11, 1, 10, 0, 0, 5000, time.UTC) // canonical: ...00.000005Z
	text := string(appendTime(nil, event))
	for _, tc := range []struct {
		bound        time.Time
		atOrAfter    bool // event >= bound
		wantedFormat string
	}{
		{event, true, "2026-11-01T10:00:00.000005Z"},
		{event.Add(-1), true, "2026-11-01T10:00:00.000005Z"},
		{event.Add(1), false, "2026-11-01T10:00:00.000006Z"},
		{event.Add(-time.Microsecond), true, "2026-11-01T10:00:00.000004Z"},
		{event.In(time.FixedZone("x", 3600)), true, "2026-11-01T10:00:00.000005Z"},
	} {
		got := SearchTime(tc.bound)
		if got != tc.wantedFormat || (text >= got) != tc.atOrAfter || (text >= got) != !event.Before(tc.bound) {
			t.Errorf("SearchTime(%v) = %s; event %s at or after it: %v, want %v", tc.bound, got, text, text >= got, tc.atOrAfter)
		}
	}
}
