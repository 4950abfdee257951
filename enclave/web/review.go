package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// reviewView is one held answer, with the decision form for officers.
type reviewView struct {
	Result  enclave.HeldResult
	Officer bool
}

// reviewPage shows one held answer as GET /v1/reviews/{resultID} does:
// its cells by rule, why it is held, the answers it repeats, and the
// approvals so far. Reviews.Get decides who may read it.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/reviews/{resultID}"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	res, err := s.Services.Reviews.Get(r.Context(), s.actor(r, sess), r.PathValue("resultID"))
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v := reviewView{Result: res, Officer: sess.ident.Principal.Role == enclave.RoleGovernance}
	s.render(w, r, sess, http.StatusOK, "review", "Held answer "+res.ID, v)
}
