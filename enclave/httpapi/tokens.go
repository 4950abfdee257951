package httpapi

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
)

func (s *Server) whoami(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, principalFrom(r.Context()))
}

type createTokenRequest struct {
	Principal   string `json:"principal"`
	Role        string `json:"role"`
	TTL         string `json:"ttl,omitempty"`
	Description string `json:"description,omitempty"`
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var req createTokenRequest
	if err := decodeJSON(r, &req); err != nil {
		s.problem(w, r, err)
		return
	}
	ttl, err := parseTTL(req.TTL)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	issued, err := s.Tokens.Create(r.Context(), s.actor(r), enclave.TokenRequest{
		PrincipalID: req.Principal, Role: enclave.Role(req.Role), TTL: ttl, Description: req.Description,
	})
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, issued)
}

func parseTTL(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	ttl, err := time.ParseDuration(s)
	if err != nil {
		return 0, enclave.E(enclave.CodeInvalid, `field "ttl" must be a duration such as "720h"`)
	}
	return ttl, nil
}

type rotateTokenRequest struct {
	TTL         string `json:"ttl,omitempty"`
	Description string `json:"description,omitempty"`
}

// rotateToken replaces the caller's token: the new one is returned, the old
// one and every token it minted are revoked.
func (s *Server) rotateToken(w http.ResponseWriter, r *http.Request) {
	var req rotateTokenRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &req); err != nil {
			s.problem(w, r, err)
			return
		}
	}
	ttl, err := parseTTL(req.TTL)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	issued, err := s.Tokens.Rotate(r.Context(), s.actor(r), ttl, req.Description)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, issued)
}

// listTokens shows callers their own tokens; operators may see everyone's,
// optionally narrowed with ?principal=.
func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	toks, err := s.Tokens.List(r.Context(), s.actor(r), r.URL.Query().Get("principal"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": toks})
}

// revokeToken revokes a token and, through the database, every token it
// minted.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Tokens.Revoke(r.Context(), s.actor(r), chi.URLParam(r, "tokenID")); err != nil {
		s.problem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// revokePrincipalTokens revokes every live token of a principal: its
// owner's or an operator's call, as for one token.
func (s *Server) revokePrincipalTokens(w http.ResponseWriter, r *http.Request) {
	revoked, err := s.Tokens.RevokePrincipal(r.Context(), s.actor(r), chi.URLParam(r, "principalID"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if revoked == nil {
		revoked = []enclave.Token{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"revoked": revoked})
}
