package vault

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/vault/api"
	"golang.org/x/mod/sumdb/note"
)

// algEd25519 is the signed-note algorithm byte for Ed25519 keys.
const algEd25519 = 1

var _ note.Signer = (*TransitSigner)(nil)

// TransitSigner signs notes (the C2SP signed-note format of audit
// checkpoints) with an ed25519 key held by Vault's transit engine, under a
// pinned key version. Verifiers need only VerifierKey, which is published.
type TransitSigner struct {
	client  *api.Client
	path    string // <mount>/sign/<key>
	name    string
	version int
	pub     ed25519.PublicKey
	hash    uint32
	timeout time.Duration
	retry   retryPolicy
}

// NewTransitSigner fetches the public key of version keyVersion of the
// transit ed25519 key and returns a signer whose notes carry the server
// name name. timeout bounds each Sign, which has no context of its own.
func NewTransitSigner(ctx context.Context, client *Client, mount, key, name string, keyVersion int, timeout time.Duration) (*TransitSigner, error) {
	if mount == "" {
		mount = DefaultMount
	}
	switch {
	case !validNoteName(name):
		return nil, fmt.Errorf("vault: invalid note signer name %q: it must be non-empty UTF-8 without spaces or '+'", name)
	case keyVersion < 1:
		return nil, fmt.Errorf("vault: signing key %q: key version must be pinned (1 or more), got %d", key, keyVersion)
	case timeout <= 0:
		timeout = DefaultTimeout
	}
	if err := checkPath("mount", mount); err != nil {
		return nil, err
	}
	if err := checkKeyName(key); err != nil {
		return nil, err
	}
	s := &TransitSigner{
		client: client.api, path: mount + "/sign/" + key, name: name, version: keyVersion, timeout: timeout,
		retry: retryPolicy{retries: 2, base: DefaultBackoff, max: time.Second},
	}
	var info keyInfo
	err := s.retry.do(ctx, func(ctx context.Context) (err error) {
		info, err = readKey(ctx, client.api, mount, key)
		return err
	})
	if err != nil {
		return nil, err
	}
	keyPath := mount + "/keys/" + key
	switch {
	case info.Type != "ed25519":
		return nil, rejected("read signing key", keyPath, fmt.Sprintf("key type is %q, want ed25519", info.Type))
	case info.Derived:
		return nil, rejected("read signing key", keyPath, "derived ed25519 keys have no single public key")
	}
	if err := info.checkUsable(keyPath, keyVersion); err != nil {
		return nil, err
	}
	var v struct {
		PublicKey string `json:"public_key"`
	}
	raw := info.Keys[strconv.Itoa(keyVersion)]
	if json.Unmarshal(raw, &v) != nil {
		return nil, rejected("read signing key", keyPath, fmt.Sprintf("no public key for version %d", keyVersion))
	}
	pub, err := base64.StdEncoding.DecodeString(v.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, rejected("read signing key", keyPath, fmt.Sprintf("public key of version %d is not a base64 ed25519 key", keyVersion))
	}
	s.pub = pub
	s.hash = noteKeyHash(name, append([]byte{algEd25519}, pub...))
	return s, nil
}

// noteKeyHash is the signed-note key hash: the first four bytes, big-endian,
// of SHA-256(name || "\n" || encoded public key).
func noteKeyHash(name string, key []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte("\n"))
	h.Write(key)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// validNoteName is the note package's rule for server names.
func validNoteName(name string) bool {
	return name != "" && utf8.ValidString(name) && strings.IndexFunc(name, unicode.IsSpace) < 0 && !strings.Contains(name, "+")
}

// Name implements note.Signer.
func (s *TransitSigner) Name() string { return s.name }

// KeyHash implements note.Signer.
func (s *TransitSigner) KeyHash() uint32 { return s.hash }

// KeyVersion is the pinned transit key version.
func (s *TransitSigner) KeyVersion() int { return s.version }

// PublicKey returns the ed25519 public key of the pinned version.
func (s *TransitSigner) PublicKey() ed25519.PublicKey {
	return append(ed25519.PublicKey(nil), s.pub...)
}

// VerifierKey is the signed-note verifier key, "<name>+<hash>+<base64(0x01 ||
// public key)>", to publish for auditors.
func (s *TransitSigner) VerifierKey() string {
	return fmt.Sprintf("%s+%08x+%s", s.name, s.hash, base64.StdEncoding.EncodeToString(append([]byte{algEd25519}, s.pub...)))
}

// Verifier returns a note.Verifier for VerifierKey.
func (s *TransitSigner) Verifier() (note.Verifier, error) { return note.NewVerifier(s.VerifierKey()) }
