package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// tokensView is the tokens the service lets the user see.
type tokensView struct {
	Principal string
	Operator  bool // offers the search by principal the service grants operators
	Tokens    []enclave.Token
	Now       time.Time
}

// tokensPage lists tokens as GET /v1/tokens: the user's own, or, for
// operators, everyone's or one principal's (the service decides whose).
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/tokens"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v := tokensView{Principal: strings.TrimSpace(r.URL.Query().Get("principal")), Now: s.Now(),
		Operator: sess.ident.Principal.Role == enclave.RoleOperator}
	toks, err := s.Services.Tokens.List(r.Context(), s.actor(r, sess), v.Principal)
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v.Tokens = toks
	s.render(w, r, sess, http.StatusOK, "tokens", "Tokens", v)
}

// revokeToken revokes a token, and every token it minted, as DELETE
// /v1/tokens/{tokenID}: the service decides (token.revoke: the owner or an
// operator) and audits. Revoking the token this session signed in with
// ends the session at the next page.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, sess *session) {
	err := s.allow(r, sess, "DELETE /v1/tokens/{tokenID}")
	if err == nil {
		_, err = s.Services.Tokens.Revoke(r.Context(), s.actor(r, sess), r.PathValue("tokenID"))
	}
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
}
