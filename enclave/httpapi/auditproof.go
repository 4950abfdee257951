package httpapi

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

func hexes(p [][]byte) []string {
	out := make([]string, len(p))
	for i, h := range p {
		out[i] = hex.EncodeToString(h)
	}
	return out
}

func (s *Server) inclusionProof(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size, err := intParam(q.Get("size"), "size", -1, 1, 1<<62)
	var index int64
	if err == nil {
		index, err = intParam(q.Get("index"), "index", -1, 0, 1<<62)
	}
	if err == nil && (size < 0 || index < 0) {
		err = enclave.E(enclave.CodeInvalid, "query parameters index and size are required")
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	leaf, proof, err := s.Audit.InclusionProof(r.Context(), s.actor(r), uint64(index), uint64(size))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"index": index, "size": size, "leaf_hash": hex.EncodeToString(leaf[:]), "proof": hexes(proof)})
}

func (s *Server) consistencyProof(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, err := intParam(q.Get("from"), "from", -1, 1, 1<<62)
	var to int64
	if err == nil {
		to, err = intParam(q.Get("to"), "to", -1, 1, 1<<62)
	}
	if err == nil && (from < 0 || to < 0) {
		err = enclave.E(enclave.CodeInvalid, "query parameters from and to are required")
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	proof, err := s.Audit.ConsistencyProof(r.Context(), s.actor(r), uint64(from), uint64(to))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "proof": hexes(proof)})
}

type hmacRequest struct {
	Value string `json:"value"`
}

// auditHMAC is the auditor's search aid: the HMAC of a value they supply,
// as it would appear in audit records. The lookup itself is audited by its
// result, never the value.
func (s *Server) auditHMAC(w http.ResponseWriter, r *http.Request) {
	var req hmacRequest
	if err := decodeJSON(r, &req); err != nil {
		s.problem(w, r, err)
		return
	}
	mac, err := s.Audit.LookupHMAC(r.Context(), s.actor(r), req.Value)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"hmac": mac})
}

// intParam parses an optional integer query parameter within [lo, hi].
func intParam(v, name string, def, lo, hi int64) (int64, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %s must be a whole number from %d to %d", name, lo, hi))
	}
	return n, nil
}

// timeParam parses an optional RFC 3339 time query parameter.
func timeParam(v, name string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %s must be an RFC 3339 time such as 2026-11-01T00:00:00Z", name))
	}
	return t, nil
}
