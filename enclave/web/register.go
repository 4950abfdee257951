package web

import "net/http"

// registerPage is the public data use register, as GET /v1/register: every
// project ever approved, in its approved version.
func (s *Server) registerPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/register"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	entries, err := s.Services.Projects.Register(r.Context())
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "register", "Data use register", entries)
}
