package pseudonym

import (
	"bytes"
	"testing"
)

// RFC 4231 section 4, cases 1-7 (HMAC-SHA256). Case 5 gives only the first
// 128 bits, so only those are compared. Keys of 32 bytes or more also go
// through Key, the path pseudonyms take.
func TestHMACRFC4231(t *testing.T) {
	t.Parallel()
	var v struct {
		Tests []struct {
			ID, Key, Data string
			Full          string `json:"hmac_sha256"`
			Truncated     string `json:"hmac_sha256_truncated_128"`
		}
	}
	readJSON(t, "crypto/rfc4231_hmac_sha256.json", &v)
	if len(v.Tests) != 7 {
		t.Fatalf("got %d cases, want 7", len(v.Tests))
	}
	for _, tc := range v.Tests {
		key, data := unhex(t, tc.Key), unhex(t, tc.Data)
		if tc.Truncated != "" {
			tag := unhex(t, tc.Truncated)
			if !verifyTruncated(key, data, tag, 16) {
				t.Errorf("%s: truncated tag does not verify", tc.ID)
			}
			if Verify(key, data, tag) {
				t.Errorf("%s: Verify accepted a truncated tag", tc.ID)
			}
			continue
		}
		want := unhex(t, tc.Full)
		if !Verify(key, data, want) {
			t.Errorf("%s: Verify failed", tc.ID)
		}
		if len(key) >= MinKeySize {
			checkKeyPath(t, tc.ID, key, data, want)
		}
	}
}

// Wycheproof HMAC-SHA256: valid tags verify, modified ones never do, and a
// 128-bit tag never passes the full-length Verify.
func TestHMACWycheproof(t *testing.T) {
	t.Parallel()
	var v struct {
		NumberOfTests int
		TestGroups    []struct {
			TagSize int
			Tests   []struct {
				TcID                  int
				Key, Msg, Tag, Result string
			}
		}
	}
	readJSON(t, "crypto/wycheproof_hmac_sha256_test.json", &v)
	ran := 0
	for _, g := range v.TestGroups {
		for _, tc := range g.Tests {
			ran++
			key, msg, tag := unhex(t, tc.Key), unhex(t, tc.Msg), unhex(t, tc.Tag)
			valid := tc.Result == "valid"
			if tc.Result != "valid" && tc.Result != "invalid" {
				t.Fatalf("tc %d: unknown result %q", tc.TcID, tc.Result)
			}
			if got := verifyTruncated(key, msg, tag, g.TagSize/8); got != valid {
				t.Errorf("tc %d: verify got %v, want %v", tc.TcID, got, valid)
			}
			if got, want := Verify(key, msg, tag), valid && g.TagSize == 256; got != want {
				t.Errorf("tc %d: Verify got %v, want %v", tc.TcID, got, want)
			}
			if valid && g.TagSize == 256 && len(key) >= MinKeySize {
				checkKeyPath(t, "wycheproof", key, msg, tag)
			}
		}
	}
	if ran != v.NumberOfTests || ran != 174 {
		t.Errorf("ran %d cases, file says %d, want 174", ran, v.NumberOfTests)
	}
}

// checkKeyPath computes the HMAC the way pseudonyms are computed: through a
// Key, the batch hash and macInto (twice, so that Reset is exercised).
func checkKeyPath(t *testing.T, id string, key, msg, want []byte) {
	t.Helper()
	k, err := NewKey(key, 1)
	if err != nil {
		t.Fatal(err)
	}
	h := k.newMAC()
	for range 2 {
		var p Pseudonym
		macInto(h, &p, msg)
		if !bytes.Equal(p.sum[:], want) {
			t.Errorf("%s: Key path got %x", id, p.sum)
		}
	}
}
