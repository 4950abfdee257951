package vaulttest

import "net/http"

// configKey implements POST transit/keys/:name/config: min_decryption_version,
// min_encryption_version, deletion_allowed and exportable (one-way), with
// Vault's checks of the version bounds.
func (s *Server) configKey(w http.ResponseWriter, r *http.Request, name string) {
	b, err := readBody(r)
	if err != nil {
		writeBadRequest(w, "%s", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	if !ok {
		writeBadRequest(w, "encryption key not found")
		return
	}
	minDec, minEnc := k.minDecryption, k.minEncryption
	if b.has("min_decryption_version") {
		if minDec, err = b.int("min_decryption_version"); err != nil {
			writeBadRequest(w, "%s", err)
			return
		}
		if minDec <= 0 {
			minDec = 1
		}
	}
	if b.has("min_encryption_version") {
		if minEnc, err = b.int("min_encryption_version"); err != nil {
			writeBadRequest(w, "%s", err)
			return
		}
	}
	switch {
	case minDec > k.latest():
		writeBadRequest(w, "cannot set min decryption version of %d, latest key version is %d", minDec, k.latest())
		return
	case minEnc > k.latest():
		writeBadRequest(w, "cannot set min encryption version of %d, latest key version is %d", minEnc, k.latest())
		return
	case minEnc < 0:
		writeBadRequest(w, "min encryption version cannot be negative")
		return
	case minEnc > 0 && minEnc < minDec:
		writeBadRequest(w, "min encryption version should not be less than min decryption version")
		return
	}
	deletion, export := k.deletionAllowed, k.exportable
	if b.has("deletion_allowed") {
		if deletion, err = b.bool("deletion_allowed"); err != nil {
			writeBadRequest(w, "%s", err)
			return
		}
	}
	if b.has("exportable") {
		if export, err = b.bool("exportable"); err != nil {
			writeBadRequest(w, "%s", err)
			return
		}
		if k.exportable && !export {
			writeBadRequest(w, "cannot disable exportability on a key that is exportable")
			return
		}
	}
	k.minDecryption, k.minEncryption, k.deletionAllowed, k.exportable = minDec, minEnc, deletion, export
	writeData(w, k.describe())
}
