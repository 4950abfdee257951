package audit

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestCanonicalBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"empty", ``, `{}`},
		{"empty object", ` { } `, `{}`},
		{"sorted by bytes", `{"b":1,"a":2,"B":3,"é":4,"aa":5}`, `{"B":3,"a":2,"aa":5,"b":1,"é":4}`},
		{"nested", `{"z":{"y":[3,{"b":true,"a":null}],"x":false},"a":[]}`, `{"a":[],"z":{"x":false,"y":[3,{"a":null,"b":true}]}}`},
		{"numbers kept as written", `{"a":1.0,"b":-0,"c":1e3,"d":2E-7,"e":12345678901234567890}`, `{"a":1.0,"b":-0,"c":1e3,"d":2E-7,"e":12345678901234567890}`},
		{"escapes normalised", `{"k":"\u003c\/\u00e9\ud83d\ude00\u2028\"\\\u0007"}`, `{"k":"</é😀\u2028\"\\\u0007"}`},
		{"escaped key", `{"\u0062":1,"a":2}`, `{"a":2,"b":1}`},
		{"whitespace", "{\n\t\"a\" :\r\n [ 1 , 2 ] }", `{"a":[1,2]}`},
	} {
		got, err := appendCanonicalBody(nil, []byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: appendCanonicalBody(%s) = %s, %v; want %s", tc.name, tc.in, got, err, tc.want)
		}
	}
}

func TestCanonicalBodyRejects(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"array":           `[]`,
		"whitespace only": ` `,
		"duplicate key":   `{"a":1,"b":2,"a":3}`,
		"nested dup":      `{"x":{"a":1,"a":1}}`,
		"lone surrogate":  `{"a":"\ud800"}`,
		"low surrogate":   `{"a":"\udc00\ud800"}`,
		"invalid UTF-8":   "{\"a\":\"\xff\"}",
		"raw control":     "{\"a\":\"\x01\"}",
		"bad escape":      `{"a":"\x"}`,
		"leading zero":    `{"a":01}`,
		"bare dot":        `{"a":1.}`,
		"plus sign":       `{"a":+1}`,
		"NaN":             `{"a":NaN}`,
		"trailing comma":  `{"a":1,}`,
		"two objects":     `{}{}`,
		"unterminated":    `{"a":"x`,
		"truncated":       `{"a":[1,2`,
		"literal suffix":  `{"a":truex}`,
		"too deep":        strings.Repeat(`{"a":`, maxBodyDepth+1) + "1" + strings.Repeat("}", maxBodyDepth+1),
	} {
		if got, err := appendCanonicalBody(nil, []byte(in)); err == nil {
			t.Errorf("%s: accepted %q as %s", name, in, got)
		}
	}
	deep := strings.Repeat(`{"a":`, maxBodyDepth) + "1" + strings.Repeat("}", maxBodyDepth)
	if _, err := appendCanonicalBody(nil, []byte(deep)); err != nil {
		t.Errorf("nesting of exactly %d rejected: %v", maxBodyDepth, err)
	}
}

// FuzzCanonicalBody checks the hand-written canonicaliser against
// encoding/json: whatever it accepts is valid JSON with the same meaning, and
// canonicalising is idempotent.
func FuzzCanonicalBody(f *testing.F) {
	for _, s := range []string{`{}`, `{"b":[1,2.5e3,{"y":null,"x":"\u00e9"}],"a":true}`, `{"a":"\ud83d\ude00\n"}`, ` {"k" : -0.0 } `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := appendCanonicalBody(nil, in)
		if err != nil || len(in) == 0 {
			return
		}
		if !json.Valid(in) {
			t.Fatalf("accepted invalid JSON %q", in)
		}
		if bytes.IndexByte(out, '\n') >= 0 {
			t.Fatalf("output has a newline: %q", out)
		}
		again, err := appendCanonicalBody(nil, out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", in, out, again, err)
		}
		var a, b any
		if err := decodeNumbers(in, &a); err != nil {
			t.Fatal(err)
		}
		if err := decodeNumbers(out, &b); err != nil {
			t.Fatalf("output %q: %v", out, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("meaning changed: %q -> %q", in, out)
		}
	})
}

func decodeNumbers(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}
