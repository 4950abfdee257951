package vaulttest

import (
	"crypto/ed25519"
	"testing"
)

// CreateKey creates a transit key of type typ directly, as POST
// transit/keys/:name would (an "hmac" key gets 32 bytes).
func (s *Server) CreateKey(t testing.TB, name, typ string) {
	t.Helper()
	if !keyTypes[typ] {
		t.Fatalf("vaulttest: key type %q not supported", typ)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.keys[name]; ok {
		t.Fatalf("vaulttest: key %q already exists", name)
	}
	k := &transitKey{name: name, typ: typ, keySize: 32, minDecryption: 1}
	k.rotate()
	s.keys[name] = k
}

// RotateKey adds a version to key name and returns its number.
func (s *Server) RotateKey(t testing.TB, name string) int {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	if !ok {
		t.Fatalf("vaulttest: no key %q", name)
	}
	k.rotate()
	return k.latest()
}

// HMACKey returns a copy of the HMAC key of a key version, so that tests can
// compute the expected HMACs (what exporting the key from Vault would give).
func (s *Server) HMACKey(t testing.TB, name string, version int) []byte {
	t.Helper()
	v := s.version(t, name, version)
	return append([]byte(nil), v.hmacKey...)
}

// PublicKey returns the ed25519 public key of a key version.
func (s *Server) PublicKey(t testing.TB, name string, version int) ed25519.PublicKey {
	t.Helper()
	v := s.version(t, name, version)
	if v.signing == nil {
		t.Fatalf("vaulttest: key %q is not ed25519", name)
	}
	return v.signing.Public().(ed25519.PublicKey)
}

func (s *Server) version(t testing.TB, name string, version int) keyVersion {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	if !ok || version < 1 || version > k.latest() {
		t.Fatalf("vaulttest: no version %d of key %q", version, name)
	}
	return k.versions[version-1]
}
