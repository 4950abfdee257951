package audit

import "testing"

func TestDevVerifierKeyMatchesGenerated(t *testing.T) {
	skey, vkey, err := NewDevSigner("enclave.test/audit")
	if err != nil {
		t.Fatal(err)
	}
	got, err := DevVerifierKey(skey)
	if err != nil || got != vkey {
		t.Errorf("DevVerifierKey = %q, %v; want %q", got, err, vkey)
	}
	for _, bad := range []string{"", vkey, "PRIVATE+KEY+x+00000000+AAAA"} {
		if _, err := DevVerifierKey(bad); err == nil {
			t.Errorf("DevVerifierKey(%q) succeeded", bad)
		}
	}
}
