package pseudonym

import (
	"crypto/hmac"
	"crypto/sha256"
)

// Verify reports whether tag is the full 32-byte HMAC-SHA256 of msg under key,
// comparing in constant time. A truncated or modified tag never verifies.
func Verify(key, msg, tag []byte) bool {
	return verifyTruncated(key, msg, tag, sha256.Size)
}

// verifyTruncated reports whether tag is the first size bytes of
// HMAC-SHA256(key, msg); len(tag) must equal size. Only the Wycheproof
// truncated-tag groups need a size other than sha256.Size.
func verifyTruncated(key, msg, tag []byte, size int) bool {
	if size < 1 || size > sha256.Size || len(tag) != size {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return hmac.Equal(m.Sum(nil)[:size], tag)
}
