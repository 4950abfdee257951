package vaulttest

import (
	"net/http"
	"strings"
)

// authorised accepts the token in X-Vault-Token or as a Bearer token, as
// Vault does.
func (s *Server) authorised(r *http.Request) bool {
	tok := r.Header.Get("X-Vault-Token")
	if tok == "" {
		tok, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	return tok != "" && tok == s.token
}

// operation maps an HTTP request to Vault's logical operation.
func operation(r *http.Request) string {
	switch r.Method {
	case http.MethodGet:
		if r.URL.Query().Get("list") == "true" {
			return "list"
		}
		return "read"
	case "LIST":
		return "list"
	case http.MethodPut, http.MethodPost:
		return "update"
	case http.MethodDelete:
		return "delete"
	}
	return ""
}
