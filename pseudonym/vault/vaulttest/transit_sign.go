package vaulttest

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"net/http"
)

// signResult is Vault's batchResponseSignItem.
type signResult struct {
	Signature  string `json:"signature,omitempty"`
	KeyVersion int    `json:"key_version,omitempty"`
	Error      string `json:"error,omitempty"`
	Reference  string `json:"reference"`
}

// signingKey is a snapshot of a key for signing or verifying outside the lock.
type signingKey struct {
	typ            string
	minEnc, minDec int
	keys           []ed25519.PrivateKey
}

func (s *Server) signingKey(name string) (signingKey, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	if !ok {
		return signingKey{}, false
	}
	sk := signingKey{typ: k.typ, minEnc: k.minEncryption, minDec: k.minDecryption}
	for _, v := range k.versions {
		sk.keys = append(sk.keys, v.signing)
	}
	return sk, true
}

// sign implements POST transit/sign/:name for ed25519 keys: pure Ed25519
// over the decoded input, answered as {"signature":"vault:v<N>:<b64>",
// "key_version":N}, with the version checks of Policy.SignWithOptions.
func (s *Server) sign(w http.ResponseWriter, r *http.Request, name string) {
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
	k, ok := s.signingKey(name)
	switch {
	case !ok:
		writeBadRequest(w, "signing key not found")
		return
	case k.typ != "ed25519":
		writeBadRequest(w, "key type %v does not support signing", k.typ)
		return
	}
	items, isBatch, ok := batchInput(w, b)
	if !ok {
		return
	}
	if !isBatch {
		in, _ := b.str("input") // a missing input signs the empty string
		items = []map[string]string{{"input": in}}
	}
	s.recordBatch(len(items))
	latest := len(k.keys)
	results := make([]signResult, len(items))
	for i, item := range items {
		results[i].Reference = item["reference"]
		raw, ok := item["input"]
		if !ok {
			results[i].Error = "missing input"
			continue
		}
		input, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			results[i].Error = fmt.Sprintf("unable to decode input: %s", err)
			continue
		}
		v := ver
		switch {
		case v == 0:
			v = latest
		case v < 0:
			results[i].Error = "requested version for signing is negative"
			continue
		case v > latest:
			results[i].Error = "requested version for signing is higher than the latest key version"
			continue
		case k.minEnc > 0 && v < k.minEnc:
			results[i].Error = "requested version for signing is less than the minimum encryption key version"
			continue
		}
		sig := ed25519.Sign(k.keys[v-1], input)
		results[i].Signature = fmt.Sprintf("vault:v%d:%s", v, base64.StdEncoding.EncodeToString(sig))
		results[i].KeyVersion = v
	}
	switch {
	case isBatch:
		writeData(w, map[string]any{"batch_results": results})
	case results[0].Error != "":
		writeBadRequest(w, "%s", results[0].Error)
	default:
		writeData(w, map[string]any{"signature": results[0].Signature, "key_version": results[0].KeyVersion})
	}
}
