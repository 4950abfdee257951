package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// FieldHMACPrefix marks a value as an HMAC, so that a reader of the log never
// mistakes it for the raw value and knows which algorithm to recompute.
const FieldHMACPrefix = "hmac-sha256:"

// FieldHMAC returns "hmac-sha256:" and the lower-case hex HMAC-SHA256 of
// value under key, as Vault's audit device does for sensitive fields. An
// auditor holding the key can check whether two events concern the same
// value, or test a candidate value, without the log ever holding it raw.
func FieldHMAC(key []byte, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(value))
	return FieldHMACPrefix + hex.EncodeToString(m.Sum(nil))
}
