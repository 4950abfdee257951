package vaulttest

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// kvSecret is a KV version 2 secret: its versions, oldest first.
type kvSecret struct {
	versions []kvVersion
}

type kvVersion struct {
	data    map[string]any
	created time.Time
	deleted time.Time
}

func (v kvVersion) metadata(n int) map[string]any {
	del := ""
	if !v.deleted.IsZero() {
		del = v.deleted.Format(time.RFC3339Nano)
	}
	return map[string]any{
		"created_time": v.created.Format(time.RFC3339Nano), "custom_metadata": nil,
		"deletion_time": del, "destroyed": false, "version": n,
	}
}

// PutSecret writes a new version of the KV v2 secret at path (relative to the
// mount, for example "enclave/pid-key") and returns its version number.
func (s *Server) PutSecret(path string, data map[string]any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.secrets[path]
	if !ok {
		sec = &kvSecret{}
		s.secrets[path] = sec
	}
	sec.versions = append(sec.versions, kvVersion{data: maps.Clone(data), created: time.Now().UTC()})
	return len(sec.versions)
}

// kv routes a request below the KV v2 mount: data/:path (read, write, soft
// delete of the latest version) and metadata/:path (delete all versions).
func (s *Server) kv(w http.ResponseWriter, r *http.Request, rest string) {
	kind, path, _ := strings.Cut(rest, "/")
	switch op := operation(r); {
	case path == "":
		writeErrors(w, http.StatusNotFound, "1 error occurred:\n\t* unsupported path\n\n")
	case kind == "data" && op == "read":
		s.readSecret(w, path, r.URL.Query().Get("version"))
	case kind == "data" && op == "update":
		s.writeSecret(w, r, path)
	case kind == "data" && op == "delete":
		s.mu.Lock()
		if sec, ok := s.secrets[path]; ok {
			sec.versions[len(sec.versions)-1].deleted = time.Now().UTC()
		}
		s.mu.Unlock()
		writeNoContent(w)
	case kind == "metadata" && op == "delete":
		s.mu.Lock()
		delete(s.secrets, path)
		s.mu.Unlock()
		writeNoContent(w)
	default:
		writeErrors(w, http.StatusMethodNotAllowed, "unsupported operation")
	}
}

// readSecret answers a missing secret with 404 and an empty error list, and
// a deleted version with 404 carrying its metadata and null data, as Vault
// does.
func (s *Server) readSecret(w http.ResponseWriter, path, version string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.secrets[path]
	if !ok {
		writeErrors(w, http.StatusNotFound)
		return
	}
	n := len(sec.versions)
	if version != "" && version != "0" {
		v, err := strconv.Atoi(version)
		if err != nil || v < 1 || v > len(sec.versions) {
			writeErrors(w, http.StatusNotFound)
			return
		}
		n = v
	}
	v := sec.versions[n-1]
	if !v.deleted.IsZero() {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(envelope{RequestID: requestID(), Data: map[string]any{"data": nil, "metadata": v.metadata(n)}})
		return
	}
	writeData(w, map[string]any{"data": v.data, "metadata": v.metadata(n)})
}

func (s *Server) writeSecret(w http.ResponseWriter, r *http.Request, path string) {
	b, err := readBody(r)
	if err != nil {
		writeBadRequest(w, "%s", err)
		return
	}
	var data map[string]any
	if raw, ok := b["data"]; !ok || json.Unmarshal(raw, &data) != nil || data == nil {
		writeBadRequest(w, "no data provided")
		return
	}
	n := s.PutSecret(path, data)
	s.mu.Lock()
	defer s.mu.Unlock()
	writeData(w, s.secrets[path].versions[n-1].metadata(n))
}
