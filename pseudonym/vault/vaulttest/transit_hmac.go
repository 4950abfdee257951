package vaulttest

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"
	"net/http"
)

// hmacHashes are the algorithms transit/hmac accepts.
var hmacHashes = map[string]func() hash.Hash{
	"sha2-224": sha256.New224,
	"sha2-256": sha256.New,
	"sha2-384": sha512.New384,
	"sha2-512": sha512.New,
	"sha3-224": func() hash.Hash { return sha3.New224() },
	"sha3-256": func() hash.Hash { return sha3.New256() },
	"sha3-384": func() hash.Hash { return sha3.New384() },
	"sha3-512": func() hash.Hash { return sha3.New512() },
}

// hmacResult is Vault's batchResponseHMACItem: "valid" and "reference" are
// always serialised, "hmac" and "error" only when set.
type hmacResult struct {
	HMAC      string `json:"hmac,omitempty"`
	Valid     bool   `json:"valid"`
	Error     string `json:"error,omitempty"`
	Reference string `json:"reference"`
}

// hmac implements POST transit/hmac/:name(/:algorithm), following
// path_hmac.go: the key, then the key version, then the algorithm are
// request-level checks (HTTP 400); each batch item fails on its own.
func (s *Server) hmac(w http.ResponseWriter, r *http.Request, name, alg string) {
	b, err := readBody(r)
	if err != nil {
		writeBadRequest(w, "%s", err)
		return
	}
	ver, err := b.int("key_version")
	if err != nil {
		writeBadRequest(w, "%s", err)
		return
	}
	if alg == "" {
		if alg, _ = b.str("algorithm"); alg == "" {
			alg = "sha2-256"
		}
	}
	key, ver, msg := s.hmacKeyFor(name, ver)
	if msg != "" {
		writeBadRequest(w, "%s", msg)
		return
	}
	newHash, ok := hmacHashes[alg]
	if !ok {
		writeBadRequest(w, "unsupported algorithm %q", alg)
		return
	}
	items, isBatch, ok := batchInput(w, b)
	if !ok {
		return
	}
	if !isBatch {
		in, ok := b.str("input")
		if !ok {
			writeBadRequest(w, "missing input for HMAC")
			return
		}
		items = []map[string]string{{"input": in}}
	}
	s.recordBatch(len(items))
	results := make([]hmacResult, len(items))
	m := hmac.New(newHash, key)
	for i, item := range items {
		results[i].Reference = item["reference"]
		raw, ok := item["input"]
		if !ok {
			results[i].Error = "missing input for HMAC"
			continue
		}
		input, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			results[i].Error = fmt.Sprintf("unable to decode input as base64: %s", err)
			continue
		}
		m.Reset()
		m.Write(input)
		results[i].HMAC = fmt.Sprintf("vault:v%d:%s", ver, base64.StdEncoding.EncodeToString(m.Sum(nil)))
	}
	switch {
	case isBatch:
		writeData(w, map[string]any{"batch_results": results})
	case results[0].Error != "":
		writeBadRequest(w, "%s", results[0].Error)
	default:
		writeData(w, map[string]any{"hmac": results[0].HMAC})
	}
}

// hmacKeyFor resolves the key version to generate with, in the order of
// path_hmac.go and Policy.HMACKey, and returns a copy of its HMAC key, or a
// Vault error message.
func (s *Server) hmacKeyFor(name string, ver int) ([]byte, int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	if !ok {
		return nil, 0, "encryption key not found"
	}
	switch {
	case ver == 0:
		ver = k.latest()
	case ver == k.latest():
	case k.minEncryption > 0 && ver < k.minEncryption:
		return nil, 0, "cannot generate HMAC: version is too old (disallowed by policy)"
	}
	switch {
	case ver < 0:
		return nil, 0, "key version does not exist (cannot be negative)"
	case ver > k.latest():
		return nil, 0, fmt.Sprintf("key version does not exist; latest key version is %d", k.latest())
	}
	return append([]byte(nil), k.versions[ver-1].hmacKey...), ver, ""
}
