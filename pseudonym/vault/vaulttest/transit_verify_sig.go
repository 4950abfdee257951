package vaulttest

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// verifySignature checks ed25519 signatures "vault:v<N>:<b64>" against
// version N, with the messages of Policy.VerifySignatureWithOptions.
func (s *Server) verifySignature(w http.ResponseWriter, name string, items []map[string]string, isBatch bool) {
	k, ok := s.signingKey(name)
	switch {
	case !ok:
		writeBadRequest(w, "signature verification key not found")
		return
	case k.typ != "ed25519":
		writeBadRequest(w, "key type %v does not support verification", k.typ)
		return
	}
	results := make([]hmacResult, len(items))
	for i, item := range items {
		results[i].Reference = item["reference"]
		results[i].Valid, results[i].Error = func() (bool, string) {
			raw, ok := item["input"]
			if !ok {
				return false, "failed to parse item: missing input"
			}
			input, err := base64.StdEncoding.DecodeString(raw)
			if err != nil {
				return false, fmt.Sprintf("failed to parse item: unable to decode input: %s", err)
			}
			rest, ok := strings.CutPrefix(item["signature"], "vault:v")
			if !ok {
				return false, "invalid signature: no prefix"
			}
			verStr, b64, ok := strings.Cut(rest, ":")
			if !ok {
				return false, "invalid signature: wrong number of fields"
			}
			ver, err := strconv.Atoi(verStr)
			switch {
			case err != nil:
				return false, "invalid signature: version number could not be decoded"
			case ver > len(k.keys):
				return false, "invalid signature: version is too new"
			case ver < k.minDec || ver < 1:
				return false, "ciphertext or signature version is disallowed by policy (too old)"
			}
			sig, err := base64.StdEncoding.DecodeString(b64)
			if err != nil {
				return false, "invalid base64 signature value"
			}
			return ed25519.Verify(k.keys[ver-1].Public().(ed25519.PublicKey), input, sig), ""
		}()
	}
	switch {
	case isBatch:
		writeData(w, map[string]any{"batch_results": results})
	case results[0].Error != "":
		writeBadRequest(w, "%s", results[0].Error)
	default:
		writeData(w, map[string]any{"valid": results[0].Valid})
	}
}
