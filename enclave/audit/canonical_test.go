package audit

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCanonicalRoundTrip(t *testing.T) {
	t.Parallel()
	e := sampleEvent(42)
	e.PrevRoot = emptyRoot()
	e.Time = time.Date(2025, 3, 1, 10, 11, 12, 123456789, time.FixedZone("BST", 3600))
	c, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(c)
	if err != nil {
		t.Fatalf("Parse(Canonical()): %v\n%s", err, c)
	}
	want := e
	want.Time = time.Date(2025, 3, 1, 9, 11, 12, 123456000, time.UTC) // UTC, microseconds, truncated
	want.Body = json.RawMessage(`{"expires":"2025-06-01T00:00:00Z","role":"researcher","subject":"researcher.42","ttl_hours":2160}`)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	again, err := got.Canonical()
	if err != nil || !bytes.Equal(again, c) {
		t.Errorf("re-encoding differs (%v):\n got %s\nwant %s", err, again, c)
	}
}

func TestCanonicalLayout(t *testing.T) {
	t.Parallel()
	e := Event{
		Seq:       7,
		Time:      time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC),
		Kind:      KindAccessDenied,
		Outcome:   OutcomeDenied,
		Principal: `a"b\c`,
		Role:      "<>&",
		TargetID:  "é\u2028\x01\x7f\t",
		RequestID: "line1\nline2",
		Decision:  &Decision{Reasons: nil, Revision: "r"},
		Body:      json.RawMessage(" { \"z\" : [1, {\"b\":2,\"a\":\"\\u003c\"}], \"a\":\"x\\ny\" } "),
	}
	c, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"seq":7,"time":"2025-01-02T03:04:05.000006Z","prev_root":"` + strings.Repeat("0", 64) +
		`","principal":"a\"b\\c","role":"<>&","kind":"access.denied","target_type":"","target_id":"é\u2028\u0001` + "\x7f" + `\t",` +
		`"outcome":"denied","decision":{"allow":false,"reasons":[],"revision":"r"},"request_id":"line1\nline2",` +
		`"body":{"a":"x\ny","z":[1,{"a":"<","b":2}]}}`
	if string(c) != want {
		t.Errorf("Canonical:\n got %s\nwant %s", c, want)
	}
	if bytes.IndexByte(c, '\n') >= 0 {
		t.Error("canonical bytes contain a newline")
	}
	if !json.Valid(c) {
		t.Error("canonical bytes are not valid JSON")
	}
}

// TestAppendStringMatchesEncodingJSON checks that the hand-written escaper
// agrees with encoding/json (SetEscapeHTML(false)), so that any JSON tool
// reproduces the same strings. If a future Go release changes encoding/json,
// this test fails and the format does not change: keep appendString.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for r := rune(0); r < 0x300; r++ {
		all.WriteRune(r)
	}
	for _, s := range []string{"", "plain", all.String(), "\u2028\u2029\u2027\u202a", "😀 emoji", "<script>&amp;</script>"} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(buf.String(), "\n")
		if got := string(appendString(nil, s)); got != want {
			t.Errorf("appendString(%q):\n got %s\nwant %s", s, got, want)
		}
		dec, _, err := readString([]byte(want), 0)
		if err != nil || string(dec) != s {
			t.Errorf("readString(%s) = %q, %v; want %q", want, dec, err, s)
		}
	}
}

func TestCanonicalRejects(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", MaxIDBytes+1)
	for name, mutate := range map[string]func(*Event){
		"zero time":       func(e *Event) { e.Time = time.Time{} },
		"year 10000":      func(e *Event) { e.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		"unknown kind":    func(e *Event) { e.Kind = "token.explode" },
		"empty kind":      func(e *Event) { e.Kind = "" },
		"unknown outcome": func(e *Event) { e.Outcome = "maybe" },
		"long principal":  func(e *Event) { e.Principal = long },
		"long target id":  func(e *Event) { e.TargetID = long },
		"long request id": func(e *Event) { e.RequestID = long },
		"long reason":     func(e *Event) { e.Decision.Reasons = []string{long} },
		"many reasons":    func(e *Event) { e.Decision.Reasons = make([]string, MaxReasons+1) },
		"invalid UTF-8":   func(e *Event) { e.Role = "\xff" },
		"body array":      func(e *Event) { e.Body = json.RawMessage(`[1]`) },
		"body string":     func(e *Event) { e.Body = json.RawMessage(`"x"`) },
		"body invalid":    func(e *Event) { e.Body = json.RawMessage(`{"a":}`) },
		"body too big":    func(e *Event) { e.Body = json.RawMessage(`{"a":"` + strings.Repeat("x", MaxBodyBytes) + `"}`) },
	} {
		e := sampleEvent(1)
		mutate(&e)
		if c, err := e.Canonical(); err == nil {
			t.Errorf("%s: Canonical accepted it: %.200s", name, c)
		}
	}
}

func TestKinds(t *testing.T) {
	t.Parallel()
	seen := map[Kind]bool{}
	for _, k := range Kinds() {
		if !k.Valid() || seen[k] {
			t.Errorf("kind %q: valid %v, duplicate %v", k, k.Valid(), seen[k])
		}
		seen[k] = true
	}
	if Kind("audit.checkpoint ").Valid() || Kind("").Valid() {
		t.Error("Valid accepts an unknown kind")
	}
}

func TestAppendTimeMatchesFormat(t *testing.T) {
	t.Parallel()
	for _, tm := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC),
		time.Date(2025, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 2, 29, 12, 0, 0, 123456789, time.FixedZone("", -7*3600)),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Unix(1e9, 5000),
	} {
		want := tm.UTC().Format(timeLayout)
		if got := string(appendTime(nil, tm)); got != want {
			t.Errorf("appendTime(%v) = %s, want %s", tm, got, want)
		}
		back, err := parseTime([]byte(want))
		if err != nil || !back.Equal(tm.Truncate(time.Microsecond)) {
			t.Errorf("parseTime(%s) = %v, %v", want, back, err)
		}
	}
	for _, bad := range []string{"2025-01-02T03:04:05.000000", "2025-01-02 03:04:05.000000Z", "2025-01-02T03:04:05.00000aZ", "+025-01-02T03:04:05.000000Z"} {
		if _, err := parseTime([]byte(bad)); err == nil {
			t.Errorf("parseTime(%s) accepted it", bad)
		}
	}
}

func TestCanonicalEventLimit(t *testing.T) {
	t.Parallel()
	// Control characters escape to six bytes each: the longest ids and
	// reasons the limits allow would exceed MaxEventBytes without the check.
	worst := strings.Repeat("\x01", MaxIDBytes)
	e := sampleEvent(1)
	e.Decision.Reasons = make([]string, MaxReasons)
	for i := range e.Decision.Reasons {
		e.Decision.Reasons[i] = worst
	}
	e.Body = json.RawMessage(`{"a":"` + strings.Repeat("x", MaxBodyBytes-10) + `"}`)
	if c, err := e.Canonical(); err == nil {
		t.Errorf("Canonical accepted a %d-byte event", len(c))
	}
	e.Decision.Reasons = e.Decision.Reasons[:1]
	c, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(c); err != nil {
		t.Errorf("Parse rejected a %d-byte event: %v", len(c), err)
	}
}
