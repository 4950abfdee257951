package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// reviewsView lists held answers: for officers those awaiting review, for
// researchers their own in every state.
type reviewsView struct {
	Results []enclave.HeldResult
	Officer bool
}

// reviewsPage lists held answers as GET /v1/reviews does (read only, for
// now: decisions are taken through the API or the CLI).
func (s *Server) reviewsPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/reviews"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	officer := sess.ident.Principal.Role == enclave.RoleGovernance
	state := ""
	if officer {
		state = enclave.ResultHeld
	}
	rs, err := s.Services.Reviews.List(r.Context(), s.actor(r, sess), state)
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "reviews", "Held answers", reviewsView{Results: rs, Officer: officer})
}
