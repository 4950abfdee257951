package vault_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/pseudonym"
	"github.com/research-enclave/enclave/pseudonym/vault"
)

// identifiers returns n local identifiers and, for every seventh, an NHS
// number's, with the raw values for leak checks.
func identifiers(t *testing.T, n int) ([]pseudonym.Identifier, []string) {
	t.Helper()
	ids, raw := make([]pseudonym.Identifier, n), make([]string, n)
	for i := range ids {
		raw[i] = fmt.Sprintf("H%07d", 4242000+i)
		id, err := pseudonym.Local("lth-pas", raw[i])
		if i%7 == 0 {
			var nhs pseudonym.NHSNumber
			raw[i] = "9434765919"
			nhs, err = pseudonym.ParseNHSNumber(raw[i])
			id = pseudonym.NHS(nhs)
		}
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids, raw
}

// newTransitPseudonymiser pins version of transit key "pid" in a new double,
// with small batches so that several go in flight.
func newTransitPseudonymiser(t *testing.T, versions, pin int) (vault.TransitPseudonymiser, []byte) {
	t.Helper()
	s, c := newDouble(t)
	s.CreateKey(t, "pid", "hmac")
	for range versions - 1 {
		s.RotateKey(t, "pid")
	}
	h, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", pin, vault.TransitOptions{BatchSize: 7, InFlight: 3})
	if err != nil {
		t.Fatal(err)
	}
	return vault.NewTransitPseudonymiser(h), s.HMACKey(t, "pid", pin)
}

// TestTransitPseudonymiserMatchesLocal checks that the key never leaving
// Vault changes nothing: transit gives the pseudonyms a LocalPseudonymiser
// gives with the same key material (what vault-kv would hold).
func TestTransitPseudonymiserMatchesLocal(t *testing.T) {
	t.Parallel()
	ids, _ := identifiers(t, 50)
	tp, material := newTransitPseudonymiser(t, 2, 2)
	key, err := pseudonym.NewKey(material, 2)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tp.Pseudonymise(ctxFor(t), ids)
	if err != nil {
		t.Fatal(err)
	}
	want, err := pseudonym.LocalPseudonymiser{Key: key}.Pseudonymise(ctxFor(t), ids)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("identifier %d: transit %s, local %s", i, got[i], want[i])
		}
	}
	if got[0] == got[1] || got[0] != got[7] {
		t.Error("distinct identifiers share a pseudonym, or one NHS number got two")
	}
	if !strings.HasPrefix(got[0].String(), "p1.") || got[0].Dev() {
		t.Errorf("transit pseudonym %s is not a production one", got[0])
	}
	if tp.KeyVersion() != 2 || tp.Dev() {
		t.Errorf("KeyVersion, Dev = %d, %v; want 2, false", tp.KeyVersion(), tp.Dev())
	}
}

func TestTransitPseudonymiserOtherVersionDiffers(t *testing.T) {
	t.Parallel()
	ids, _ := identifiers(t, 3)
	v1, _ := newTransitPseudonymiser(t, 2, 1)
	v2, _ := newTransitPseudonymiser(t, 2, 2)
	a, err := v1.Pseudonymise(ctxFor(t), ids)
	if err != nil {
		t.Fatal(err)
	}
	b, err := v2.Pseudonymise(ctxFor(t), ids)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if a[i] == b[i] {
			t.Errorf("identifier %d has the same pseudonym under key versions 1 and 2", i)
		}
	}
}

func TestTransitPseudonymiserFailures(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "pid", "hmac")
	h, err := vault.NewTransitHMAC(ctxFor(t), c, "pid", 1, fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	tp := vault.NewTransitPseudonymiser(h)
	ids, raw := identifiers(t, 20)

	if out, err := tp.Pseudonymise(ctxFor(t), nil); err != nil || out == nil || len(out) != 0 {
		t.Errorf("empty batch: %v, %v", out, err)
	}
	s.ResetCounters()
	withZero := append(ids[:3:3], pseudonym.Identifier{})
	if _, err := tp.Pseudonymise(ctxFor(t), withZero); !errors.Is(err, pseudonym.ErrZeroIdentifier) ||
		!strings.Contains(err.Error(), "identifier 3 of 4") {
		t.Errorf("zero identifier: %v", err)
	}
	if n := s.Requests("transit/hmac/pid"); n != 0 {
		t.Errorf("%d requests sent for a batch with a zero identifier, want 0", n)
	}

	s.Seal()
	out, err := tp.Pseudonymise(ctxFor(t), ids)
	if !errors.Is(err, vault.ErrSealed) || out != nil {
		t.Fatalf("sealed Vault: %d pseudonyms, %v", len(out), err)
	}
	for _, r := range raw {
		if strings.Contains(err.Error(), r) {
			t.Fatalf("error quotes an identifier: %v", err)
		}
	}
}
