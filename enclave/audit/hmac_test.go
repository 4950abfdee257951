package audit

import (
	"strings"
	"testing"
)

func TestFieldHMACRFC4231(t *testing.T) {
	t.Parallel()
	var file struct {
		Tests []struct {
			ID, Key, Data string
			HMAC          string `json:"hmac_sha256"`
		}
	}
	readJSON(t, "rfc4231_hmac_sha256.json", &file)
	n := 0
	for _, tc := range file.Tests {
		if tc.HMAC == "" {
			continue // test case 5 gives only a truncated output
		}
		n++
		if got, want := FieldHMAC(unhex(t, tc.Key), string(unhex(t, tc.Data))), "hmac-sha256:"+tc.HMAC; got != want {
			t.Errorf("%s: got %s, want %s", tc.ID, got, want)
		}
	}
	if n < 6 {
		t.Fatalf("only %d RFC 4231 vectors ran", n)
	}
}

func TestFieldHMACHidesValue(t *testing.T) {
	t.Parallel()
	key := []byte("audit-field-key")
	a, b := FieldHMAC(key, "9434765919"), FieldHMAC(key, "9434765919")
	if a != b || strings.Contains(a, "9434765919") || !strings.HasPrefix(a, FieldHMACPrefix) || len(a) != len(FieldHMACPrefix)+64 {
		t.Errorf("FieldHMAC = %q, %q", a, b)
	}
	if FieldHMAC([]byte("other key"), "9434765919") == a {
		t.Error("the key does not change the HMAC")
	}
}
