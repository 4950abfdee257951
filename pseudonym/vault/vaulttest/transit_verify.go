package vaulttest

import (
	"crypto/hmac"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// verify implements POST transit/verify/:name(/:hash_algorithm): it checks
// that the items consistently carry "hmac" or "signature", then hands over to
// verifyHMAC or verifySignature, as path_sign_verify.go does.
func (s *Server) verify(w http.ResponseWriter, r *http.Request, name, alg string) {
	b, err := readBody(r)
	if err != nil {
		writeBadRequest(w, "%s", err)
		return
	}
	if alg == "" {
		alg, _ = b.str("hash_algorithm")
	}
	if alg == "" {
		alg, _ = b.str("algorithm") // deprecated, read only without hash_algorithm
	}
	if alg == "" {
		alg = "sha2-256"
	}
	items, isBatch, ok := batchInput(w, b)
	if !ok {
		return
	}
	if !isBatch {
		item := map[string]string{}
		item["input"], _ = b.str("input")
		for _, f := range []string{"hmac", "signature"} {
			if v, ok := b.str(f); ok {
				item[f] = v
			}
		}
		items = []map[string]string{item}
	}
	var sigs, hmacs, missing bool
	for _, item := range items {
		_, sig := item["signature"]
		_, mac := item["hmac"]
		sigs, hmacs, missing = sigs || sig, hmacs || (mac && !sig), missing || (!sig && !mac)
	}
	switch {
	case !isBatch && sigs && hmacs:
		writeBadRequest(w, "provide one of 'signature', 'hmac' or 'cmac'")
	case !isBatch && !sigs && !hmacs:
		writeBadRequest(w, "missing one of 'signature', 'hmac' or 'cmac' arguments to verify")
	case sigs && hmacs:
		writeBadRequest(w, "elements of batch_input must all provide either 'signature', 'hmac' or 'cmac'")
	case missing && sigs:
		writeBadRequest(w, "some elements of batch_input are missing 'signature'")
	case missing && hmacs:
		writeBadRequest(w, "some elements of batch_input are missing 'hmac'")
	case !sigs && !hmacs:
		writeBadRequest(w, "no batch_input elements have 'signature', 'hmac' or 'cmac'")
	case hmacs:
		s.recordBatch(len(items))
		s.verifyHMAC(w, name, alg, items, isBatch)
	default:
		s.recordBatch(len(items))
		s.verifySignature(w, name, items, isBatch)
	}
}

// verifyHMAC checks each item's "vault:v<N>:<b64>" against the HMAC under
// key version N, with the messages of path_hmac.go.
func (s *Server) verifyHMAC(w http.ResponseWriter, name, alg string, items []map[string]string, isBatch bool) {
	s.mu.Lock()
	k, ok := s.keys[name]
	var latest, minDec int
	var keys [][]byte
	if ok {
		latest, minDec = k.latest(), k.minDecryption
		for _, v := range k.versions {
			keys = append(keys, v.hmacKey)
		}
	}
	s.mu.Unlock()
	if !ok {
		writeBadRequest(w, "encryption key not found")
		return
	}
	newHash, ok := hmacHashes[alg]
	if !ok {
		writeBadRequest(w, "unsupported algorithm %q", alg)
		return
	}
	results := make([]hmacResult, len(items))
	for i, item := range items {
		results[i].Reference = item["reference"]
		results[i].Valid, results[i].Error = func() (bool, string) {
			raw, ok := item["input"]
			if !ok {
				return false, "missing input"
			}
			input, err := base64.StdEncoding.DecodeString(raw)
			if err != nil {
				return false, fmt.Sprintf("unable to decode input as base64: %s", err)
			}
			tag, ok := item["hmac"]
			if !ok {
				return false, "missing hmac"
			}
			rest, ok := strings.CutPrefix(tag, "vault:v")
			if !ok {
				return false, "invalid HMAC to verify: no prefix"
			}
			verStr, b64, ok := strings.Cut(rest, ":")
			if !ok {
				return false, "invalid HMAC: wrong number of fields"
			}
			ver, err := strconv.Atoi(verStr)
			if err != nil {
				return false, "invalid HMAC: version number could not be decoded"
			}
			want, err := base64.StdEncoding.DecodeString(b64)
			switch {
			case err != nil:
				return false, fmt.Sprintf("unable to decode verification HMAC as base64: %s", err)
			case ver > latest:
				return false, "invalid HMAC: version is too new"
			case minDec > 0 && ver < minDec:
				return false, "cannot verify HMAC: version is too old (disallowed by policy)"
			case ver < 1:
				return false, "key version does not exist (cannot be negative)"
			}
			m := hmac.New(newHash, keys[ver-1])
			m.Write(input)
			return hmac.Equal(m.Sum(nil), want), ""
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
