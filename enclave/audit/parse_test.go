package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestParseStrict(t *testing.T) {
	t.Parallel()
	e := sampleEvent(3)
	c, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	s := string(c)
	for name, bad := range map[string]string{
		"empty":                  "",
		"trailing newline":       s + "\n",
		"leading space":          " " + s,
		"space after colon":      strings.Replace(s, `"seq":3`, `"seq": 3`, 1),
		"reordered keys":         strings.Replace(s, `"principal":"gov.officer-17","role":"governance"`, `"role":"governance","principal":"gov.officer-17"`, 1),
		"unknown field":          strings.Replace(s, `,"role":`, `,"extra":"1","role":`, 1),
		"missing field":          strings.Replace(s, `,"request_id":"req-000000000003"`, "", 1),
		"wrong version":          strings.Replace(s, `{"v":1,`, `{"v":2,`, 1),
		"version string":         strings.Replace(s, `{"v":1,`, `{"v":"1",`, 1),
		"malformed kind":         strings.Replace(s, `"token.create"`, `"Token Create"`, 1),
		"empty kind":             strings.Replace(s, `"token.create"`, `""`, 1),
		"unknown outcome":        strings.Replace(s, `"success"`, `"ok"`, 1),
		"seq leading zero":       strings.Replace(s, `"seq":3`, `"seq":03`, 1),
		"upper-case hex":         strings.Replace(s, `"prev_root":"00`, `"prev_root":"0A`, 1),
		"time no micros":         strings.Replace(s, `.004500Z`, `Z`, 1),
		"time offset":            strings.Replace(s, `.004500Z`, `.004500+00:00`, 1),
		"escaped slash":          strings.Replace(s, `"token"`, `"tok\/en"`, 1),
		"needless escape":        strings.Replace(s, `"token"`, `"\u0074oken"`, 1),
		"unsorted body":          strings.Replace(s, `{"expires"`, `{"zz":1,"expires"`, 1),
		"body whitespace":        strings.Replace(s, `"ttl_hours":2160`, `"ttl_hours": 2160`, 1),
		"body not object":        strings.Replace(s, `"body":{`, `"body":[{`, 1) + "]",
		"trailing data":          s + "x",
		"decision allow string":  strings.Replace(s, `"allow":true`, `"allow":"true"`, 1),
		"decision reason number": strings.Replace(s, `"reasons":["role.permitted"]`, `"reasons":[1]`, 1),
		"decision no revision":   strings.Replace(s, `,"revision":"sha256:9f86d081884c7d65"`, ``, 1),
		"decision extra field":   strings.Replace(s, `"revision":"sha256:9f86d081884c7d65"}`, `"revision":"sha256:9f86d081884c7d65","x":1}`, 1),
		"decision reasons comma": strings.Replace(s, `"reasons":["role.permitted"]`, `"reasons":["a" "b"]`, 1),
		"decision false spelled": strings.Replace(s, `"allow":true`, `"allow":False`, 1),
		"prev_root short":        strings.Replace(s, `"prev_root":"00`, `"prev_root":"`, 1),
		"prev_root not hex":      strings.Replace(s, `"prev_root":"00`, `"prev_root":"zz`, 1),
		"duplicate body key":     strings.Replace(s, `"ttl_hours":2160}`, `"ttl_hours":2160,"ttl_hours":2160}`, 1),
	} {
		if bad == s {
			t.Errorf("%s: mutation did not apply", name)
			continue
		}
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%s: Parse accepted %s", name, bad)
		}
	}
	if _, err := Parse([]byte(strings.Replace(s, `{"v":1,`, `{"v":2,`, 1))); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("wrong version: error %v should name the version", err)
	}
	if _, err := Parse([]byte(strings.Replace(s, `,"role":`, `,"extra":"1","role":`, 1))); err == nil || !strings.Contains(err.Error(), `"extra"`) {
		t.Errorf("unknown field: error %v should name the field", err)
	}
}

// TestParseAcceptsKindsAddedLater: a verifier built today must verify logs
// holding kinds added after it (say, example.later, which no build knows), while
// encoding a new event still insists on a known kind.
func TestParseAcceptsKindsAddedLater(t *testing.T) {
	e := Event{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Kind: KindTokenCreate, Outcome: OutcomeSuccess}
	b, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	future := bytes.Replace(b, []byte(`"token.create"`), []byte(`"example.later"`), 1)
	got, err := Parse(future)
	if err != nil || got.Kind != "example.later" {
		t.Fatalf("Parse of a later kind = %+v, %v", got, err)
	}
	if _, err := got.Canonical(); err == nil {
		t.Error("Canonical encoded a kind this build does not know")
	}
}
