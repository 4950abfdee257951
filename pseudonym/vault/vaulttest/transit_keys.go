package vaulttest

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
)

func (s *Server) createKey(w http.ResponseWriter, r *http.Request, name string) {
	b, err := readBody(r)
	if err != nil {
		writeBadRequest(w, "%s", err)
		return
	}
	typ, _ := b.str("type")
	if typ == "" {
		typ = "aes256-gcm96"
	}
	if !keyTypes[typ] {
		writeBadRequest(w, "unknown key type %v", typ)
		return
	}
	size, err := b.int("key_size")
	if err != nil {
		writeBadRequest(w, "%s", err)
		return
	}
	switch {
	case typ != "hmac" && size != 0:
		writeBadRequest(w, "key_size is not valid for algorithm %v", typ)
		return
	case typ == "hmac" && size == 0:
		size = 32
	case typ == "hmac" && (size < 32 || size > 512):
		writeBadRequest(w, "invalid key_size %d: must be between 32 and 512 bytes", size)
		return
	}
	if derived, _ := b.bool("derived"); derived {
		writeBadRequest(w, "vaulttest: derived keys are not implemented by the double")
		return
	}
	exportable, _ := b.bool("exportable")

	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[name]; ok {
		writeData(w, k.describe(), "key "+name+" already existed")
		return
	}
	k := &transitKey{name: name, typ: typ, keySize: size, exportable: exportable, minDecryption: 1}
	k.rotate()
	s.keys[name] = k
	writeData(w, k.describe())
}

// readKey answers 404 with an empty error list for a missing key: Vault's
// read handler returns no response at all.
func (s *Server) readKey(w http.ResponseWriter, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	if !ok {
		writeErrors(w, http.StatusNotFound)
		return
	}
	writeData(w, k.describe())
}

func (s *Server) listKeys(w http.ResponseWriter) {
	s.mu.Lock()
	names := make([]string, 0, len(s.keys))
	for n := range s.keys {
		names = append(names, n)
	}
	s.mu.Unlock()
	if len(names) == 0 {
		writeErrors(w, http.StatusNotFound)
		return
	}
	slices.Sort(names)
	writeData(w, map[string]any{"keys": names})
}

func (s *Server) rotateKey(w http.ResponseWriter, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	if !ok {
		writeBadRequest(w, "key not found")
		return
	}
	k.rotate()
	writeData(w, k.describe())
}

func (s *Server) deleteKey(w http.ResponseWriter, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	switch {
	case !ok:
		writeNoContent(w)
	case !k.deletionAllowed:
		writeBadRequest(w, "error deleting policy %s: deletion is not allowed for this policy", name)
	default:
		delete(s.keys, name)
		writeNoContent(w)
	}
}

// exportKey implements GET export/hmac-key/:name(/:version); it needs
// exportable=true, as in Vault.
func (s *Server) exportKey(w http.ResponseWriter, kind, name, version string) {
	if kind != "hmac-key" {
		writeBadRequest(w, "vaulttest: only hmac-key export is implemented by the double")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[name]
	switch {
	case !ok:
		writeErrors(w, http.StatusNotFound)
		return
	case !k.exportable:
		writeBadRequest(w, "private key material is not exportable")
		return
	}
	keys := map[string]string{}
	for i, v := range k.versions {
		n := strconv.Itoa(i + 1)
		if version == "" || version == n || (version == "latest" && i+1 == k.latest()) {
			keys[n] = base64.StdEncoding.EncodeToString(v.hmacKey)
		}
	}
	if len(keys) == 0 {
		writeBadRequest(w, "invalid key version")
		return
	}
	writeData(w, map[string]any{"name": name, "type": k.typ, "keys": keys})
}
