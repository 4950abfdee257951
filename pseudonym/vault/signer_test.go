package vault_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/pseudonym/vault"
)

const checkpoint = "enclave.example/audit\n42\nqINS1GRFhWHwdkUeqLEoP4VEMkr10rkOuATLnvXNcXU=\n"

func TestTransitSignerNote(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "audit", "ed25519")
	signer, err := vault.NewTransitSigner(ctxFor(t), c, "transit", "audit", "enclave.example/audit", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// The verifier key is exactly what the note package derives itself.
	want, err := note.NewEd25519VerifierKey("enclave.example/audit", s.PublicKey(t, "audit", 1))
	if err != nil {
		t.Fatal(err)
	}
	if signer.VerifierKey() != want {
		t.Fatalf("VerifierKey = %q, want %q", signer.VerifierKey(), want)
	}
	v, err := signer.Verifier()
	if err != nil || v.KeyHash() != signer.KeyHash() || v.Name() != signer.Name() {
		t.Fatalf("Verifier = %v, %v; want name and hash of the signer", v, err)
	}

	signed, err := note.Sign(&note.Note{Text: checkpoint}, signer)
	if err != nil {
		t.Fatal(err)
	}

	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		t.Fatalf("note.Open: %v", err)
	}
	if n.Text != checkpoint || len(n.Sigs) != 1 || n.Sigs[0].Hash != signer.KeyHash() {
		t.Errorf("opened note = %+v", n)
	}
	if s.Requests("transit/sign/audit") != 1 {
		t.Errorf("%d sign requests, want 1", s.Requests("transit/sign/audit"))
	}
}

func TestTransitSignerOtherKeyDoesNotVerify(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "audit", "ed25519")
	signer, err := vault.NewTransitSigner(ctxFor(t), c, "", "audit", "enclave.example/audit", 1, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := signer.Verifier()
	// A local key that claims the same name and key hash.
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	forger := forgedSigner{signer.Name(), signer.KeyHash(), priv}

	signed, err := note.Sign(&note.Note{Text: checkpoint}, forger)
	if err != nil {
		t.Fatal(err)
	}

	_, err = note.Open(signed, note.VerifierList(v))
	var invalid *note.InvalidSignatureError
	if !errors.As(err, &invalid) {
		t.Errorf("note.Open of a forged signature = %v, want InvalidSignatureError", err)
	}
}

type forgedSigner struct {
	name string
	hash uint32
	key  ed25519.PrivateKey
}

func (f forgedSigner) Name() string                    { return f.name }
func (f forgedSigner) KeyHash() uint32                 { return f.hash }
func (f forgedSigner) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(f.key, msg), nil }

func TestTransitSignerPinnedAcrossRotation(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, "audit", "ed25519")
	old, err := vault.NewTransitSigner(ctxFor(t), c, "transit", "audit", "log", 1, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	s.RotateKey(t, "audit")
	current, err := vault.NewTransitSigner(ctxFor(t), c, "transit", "audit", "log", 2, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if old.VerifierKey() == current.VerifierKey() {
		t.Fatal("rotation kept the verifier key")
	}
	// An old checkpoint stays verifiable with the old key, and only with it.
	signed, err := note.Sign(&note.Note{Text: checkpoint}, old)
	if err != nil {
		t.Fatal(err)
	}
	oldV, _ := old.Verifier()
	newV, _ := current.Verifier()
	if _, err := note.Open(signed, note.VerifierList(oldV, newV)); err != nil {
		t.Errorf("old checkpoint with both keys published: %v", err)
	}
	if _, err := note.Open(signed, note.VerifierList(newV)); err == nil {
		t.Errorf("old checkpoint verified with the new key only")
	}
}
