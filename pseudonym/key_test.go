package pseudonym

import (
	"bytes"
	"errors"
	"testing"
)

// testMaterial is a recognisable test key; the redaction tests look for it.
var testMaterial = []byte("test key material, 32+ bytes long: 0123456789")

func testKey(t testing.TB, dev bool) Key {
	t.Helper()
	newKey := NewKey
	if dev {
		newKey = NewDevKey
	}
	k, err := newKey(testMaterial, 3)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestNewKey(t *testing.T) {
	t.Parallel()
	if _, err := NewKey(make([]byte, 31), 1); !errors.Is(err, ErrKeyTooShort) {
		t.Errorf("31 bytes: got %v, want ErrKeyTooShort", err)
	}
	if _, err := NewDevKey(make([]byte, 32), 0); !errors.Is(err, ErrKeyVersion) {
		t.Errorf("version 0: got %v, want ErrKeyVersion", err)
	}
	material := bytes.Clone(testMaterial)
	k, err := NewKey(material, 7)
	if err != nil || k.Version() != 7 || k.Dev() || k.IsZero() {
		t.Fatalf("NewKey: got %v, %v", k, err)
	}
	id, _ := Local("pas", "1")
	before := k.Pseudonymise(id)
	material[0] ^= 0xff
	if k.Pseudonymise(id) != before {
		t.Error("NewKey does not copy its material")
	}
	if !(Key{}).IsZero() {
		t.Error("zero Key is not IsZero")
	}
}
