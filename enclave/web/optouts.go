package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// optOutsView is each list's state, and when a list goes stale.
type optOutsView struct {
	Lists  []enclave.OptOutStatus
	MaxAge string
}

// optOutsPage shows each opt-out list's current version and whether it is
// stale, as GET /v1/optouts: a missing or stale list means no data for the
// projects it applies to.
func (s *Server) optOutsPage(w http.ResponseWriter, r *http.Request, sess *session) {
	err := s.allow(r, sess, "GET /v1/optouts")
	if err == nil && s.Services.OptOuts == nil {
		err = enclave.E(enclave.CodeUnavailable, "opt-out lists are not configured on this server")
	}
	var v optOutsView
	if err == nil {
		v.Lists, err = s.Services.OptOuts.Status(r.Context(), s.Services.OptOuts.Now())
		v.MaxAge = s.Services.OptOuts.MaxAge.String()
	}
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "optouts", "Opt-out lists", v)
}
