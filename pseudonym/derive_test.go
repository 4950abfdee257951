package pseudonym

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

// RFC 5869 Appendix A, cases 1-3, through the same HKDF call Derive makes.
func TestHKDFRFC5869(t *testing.T) {
	t.Parallel()
	var v struct {
		Tests []struct {
			ID, IKM, Salt, Info, OKM string
			L                        int
		}
	}
	readJSON(t, "crypto/rfc5869_hkdf_sha256.json", &v)
	if len(v.Tests) != 3 {
		t.Fatalf("got %d cases, want 3", len(v.Tests))
	}
	for _, tc := range v.Tests {
		got, err := hkdfSHA256(unhex(t, tc.Salt), unhex(t, tc.IKM), unhex(t, tc.Info), tc.L)
		if err != nil || !bytes.Equal(got, unhex(t, tc.OKM)) {
			t.Errorf("%s: got %x, %v", tc.ID, got, err)
		}
	}
}

// Frozen known answers, computed independently (Python hmac, RFC 5869 by
// hand): salt "enclave/v1", info "project" 0x00 0x00000008 "PRJ-0001".
func TestDeriveKnownAnswer(t *testing.T) {
	t.Parallel()
	k := testKey(t, false)
	pk, err := k.Derive(PurposeProject, "PRJ-0001")
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString([]byte(*pk.material)); got != "7fdb33a8bad506b3c8b06a4ee143c4c7c50224b4fca90f8035912f5c65320e47" {
		t.Errorf("derived key: got %s", got)
	}
	n, _ := ParseNHSNumber("9434765919")
	pp, err := k.ProjectPseudonym("PRJ-0001", k.Pseudonymise(NHS(n)))
	if err != nil {
		t.Fatal(err)
	}
	if got := pp.String(); got != "p1.c9d3e175d1e08e3b0219ce4add35ca7c1e9bba2d5731089f7f0b85f0810de17b" {
		t.Errorf("project pseudonym: got %s", got)
	}
}

// Different (purpose, parts) lists must give different keys, including the
// lists a naive concatenation would confuse.
func TestDeriveSeparation(t *testing.T) {
	t.Parallel()
	k := testKey(t, false)
	cases := []struct {
		purpose string
		parts   []string
	}{
		{"project", nil},
		{"project", []string{""}},
		{"project", []string{"", ""}},
		{"project", []string{"ab", "c"}},
		{"project", []string{"a", "bc"}},
		{"project", []string{"abc"}},
		{"record", []string{"abc"}},
		{"projectabc", nil},
	}
	seen := map[string]int{}
	for i, c := range cases {
		d, err := k.Derive(c.purpose, c.parts...)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if j, dup := seen[*d.material]; dup {
			t.Errorf("cases %d and %d derive the same key", j, i)
		}
		seen[*d.material] = i
		if *d.material == *k.material {
			t.Errorf("case %d: derived key equals the root", i)
		}
	}
}

func TestDeriveKeepsVersionAndDev(t *testing.T) {
	t.Parallel()
	for _, dev := range []bool{false, true} {
		d, err := testKey(t, dev).Derive("record", "x")
		if err != nil || d.Version() != 3 || d.Dev() != dev {
			t.Errorf("dev=%v: got %v, %v", dev, d, err)
		}
	}
}

func TestDeriveErrors(t *testing.T) {
	t.Parallel()
	k := testKey(t, false)
	for _, purpose := range []string{"", "Project", "a:b", "-x", "with space"} {
		if _, err := k.Derive(purpose); !errors.Is(err, ErrPurpose) {
			t.Errorf("purpose %q: got %v, want ErrPurpose", purpose, err)
		}
	}
	if _, err := (Key{}).Derive("project"); !errors.Is(err, ErrZeroKey) {
		t.Errorf("zero key: got %v, want ErrZeroKey", err)
	}
	if _, err := k.ProjectPseudonym("", Pseudonym{}); !errors.Is(err, ErrProjectID) {
		t.Errorf("empty project: got %v, want ErrProjectID", err)
	}
}

func TestProjectPseudonym(t *testing.T) {
	t.Parallel()
	root, dev := testKey(t, false), testKey(t, true)
	id, _ := Local("pas", "H1")
	pid, devPid := root.Pseudonymise(id), dev.Pseudonymise(id)
	a, _ := root.ProjectPseudonym("A", pid)
	b, _ := root.ProjectPseudonym("B", pid)
	again, _ := root.ProjectPseudonym("A", pid)
	if a == b || a != again || a == pid {
		t.Error("project pseudonyms are not per project and deterministic")
	}
	pk, _ := root.Derive(PurposeProject, "A")
	if pk.Repseudonymise(pid) != a {
		t.Error("ProjectPseudonym differs from Derive + Repseudonymise")
	}
	// Dev-ness is never lost: a dev pid or a dev key gives a dev result.
	fromDevPid, _ := root.ProjectPseudonym("A", devPid)
	fromDevKey, _ := dev.ProjectPseudonym("A", pid)
	if a.Dev() || !fromDevPid.Dev() || !fromDevKey.Dev() {
		t.Errorf("Dev: got %v %v %v, want false true true", a.Dev(), fromDevPid.Dev(), fromDevKey.Dev())
	}
}
