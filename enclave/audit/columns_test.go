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
// jsonb copy written as PostgreSQL prints jsonb (keys by length, spaces
// after colons and commas, numbers normalised).
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
	jsonb, _ := json.MarshalIndent(v, "", " ")
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
		i := 0
		v := NewVerifier()
		err := v.AddStreamColumns(bytes.NewReader(export), func() (Columns, error) {
			c := columnsOf(t, lines[i])
			change(i, &c)
			i++
			return c, nil
		})
		if err != nil {
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
	stop := errors.New("connection reset")
	if err := NewVerifier().AddStreamColumns(bytes.NewReader(export), func() (Columns, error) { return Columns{}, stop }); !errors.Is(err, stop) {
		t.Errorf("a failing column source: %v, want its error", err)
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
