package web

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/disclosure"
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
	res, ok := s.heldResult(w, r, sess)
	if !ok {
		return
	}
	v := reviewView{Result: res, Officer: sess.ident.Principal.Role == enclave.RoleGovernance}
	s.render(w, r, sess, http.StatusOK, "review", "Held answer "+res.ID, v)
}

// reviewAnswer shows the answer of a held result to those the policy
// shows it to (its requester once released, officers), as any answer:
// kept in the session, with its table, manifest and downloads.
func (s *Server) reviewAnswer(w http.ResponseWriter, r *http.Request, sess *session) {
	res, ok := s.heldResult(w, r, sess)
	if !ok {
		return
	}
	if res.Result == nil {
		s.fail(w, r, sess, enclave.E(enclave.CodeNotFound, "this answer is not shown to you: a requester sees it once it is released"))
		return
	}
	a := answer.Answer{Result: &disclosure.Result{}}
	if err := json.Unmarshal(res.Result, a.Result); err != nil {
		s.fail(w, r, sess, fmt.Errorf("held result %s: %w", res.ID, err))
		return
	}
	if err := json.Unmarshal(res.Manifest, &a.Manifest); err != nil {
		s.fail(w, r, sess, fmt.Errorf("held result %s manifest: %w", res.ID, err))
		return
	}
	http.Redirect(w, r, "/answers/"+sess.keep(a), http.StatusSeeOther)
}

// heldResult reads the path's held result as GET /v1/reviews/{resultID}
// does (Reviews.Get decides who may read it and audits a read of the
// answer), showing the error page when it cannot.
func (s *Server) heldResult(w http.ResponseWriter, r *http.Request, sess *session) (enclave.HeldResult, bool) {
	if err := s.allow(r, sess, "GET /v1/reviews/{resultID}"); err != nil {
		s.fail(w, r, sess, err)
		return enclave.HeldResult{}, false
	}
	res, err := s.Services.Reviews.Get(r.Context(), s.actor(r, sess), r.PathValue("resultID"))
	if err != nil {
		s.fail(w, r, sess, err)
		return res, false
	}
	return res, true
}
