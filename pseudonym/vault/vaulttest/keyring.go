package vaulttest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"time"
)

// transitKey is a named transit key ("policy" in Vault's code): a ring of
// versions, each with its own key material.
type transitKey struct {
	name            string
	typ             string
	keySize         int // bytes of the HMAC key, for type "hmac"
	exportable      bool
	deletionAllowed bool
	minDecryption   int
	minEncryption   int
	versions        []keyVersion // versions[v-1] is version v
}

// keyVersion is one version's material. Like Vault, every type carries a
// separate random HMAC key; for type "hmac" that key is the key itself.
type keyVersion struct {
	created time.Time
	hmacKey []byte
	signing ed25519.PrivateKey // ed25519 only
}

// keyTypes are the key types the double creates. It never encrypts, so the
// symmetric types only differ in name.
var keyTypes = map[string]bool{
	"aes128-gcm96": true, "aes256-gcm96": true, "chacha20-poly1305": true,
	"hmac": true, "ed25519": true,
}

func newKeyVersion(typ string, keySize int) keyVersion {
	v := keyVersion{created: time.Now().UTC()}
	size := 32
	if typ == "hmac" {
		size = keySize
	}
	v.hmacKey = make([]byte, size)
	_, _ = rand.Read(v.hmacKey)
	if typ == "ed25519" {
		_, v.signing, _ = ed25519.GenerateKey(rand.Reader)
	}
	return v
}

func (k *transitKey) latest() int { return len(k.versions) }

func (k *transitKey) rotate() {
	k.versions = append(k.versions, newKeyVersion(k.typ, k.keySize))
}

// describe is the read response, as Vault's formatKeyPolicy builds it: key
// material is never included; "keys" maps each version to its creation time
// (symmetric types), to its public key (ed25519), and is absent for "hmac".
func (k *transitKey) describe() map[string]any {
	d := map[string]any{
		"name": k.name, "type": k.typ, "derived": false,
		"deletion_allowed": k.deletionAllowed, "exportable": k.exportable,
		"allow_plaintext_backup": false, "imported_key": false, "auto_rotate_period": 0,
		"min_available_version": 0, "min_decryption_version": k.minDecryption,
		"min_encryption_version": k.minEncryption, "latest_version": k.latest(),
		"supports_encryption": k.typ != "hmac" && k.typ != "ed25519",
		"supports_decryption": k.typ != "hmac" && k.typ != "ed25519",
		"supports_derivation": k.typ != "hmac",
		"supports_signing":    k.typ == "ed25519",
	}
	if k.typ == "hmac" {
		d["key_size"] = k.keySize
	}
	switch k.typ {
	case "hmac":
	case "ed25519":
		keys := map[string]any{}
		for i, v := range k.versions {
			keys[strconv.Itoa(i+1)] = map[string]any{
				"name":              "ed25519",
				"public_key":        base64.StdEncoding.EncodeToString(v.signing.Public().(ed25519.PublicKey)),
				"certificate_chain": "",
				"creation_time":     v.created.Format(time.RFC3339Nano),
			}
		}
		d["keys"] = keys
	default:
		keys := map[string]int64{}
		for i, v := range k.versions {
			keys[strconv.Itoa(i+1)] = v.created.Unix()
		}
		d["keys"] = keys
	}
	return d
}
