package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// registerPage is the public data use register, as GET /v1/register: every
// project ever approved, in its approved version. Like its route it needs
// no sign-in; the policy decides for whoever asks, anonymous or signed in.
func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) {
	sess := s.live(r)
	actor := enclave.Actor{Principal: enclave.Anonymous, RequestID: requestIDFrom(r.Context())}
	if sess != nil {
		actor = s.actor(r, sess)
	}
	err := s.Services.Access.Check(r.Context(), actor, enclave.PolicyInput{Principal: actor.Principal, Action: "GET /v1/register"})
	var entries []enclave.RegisterEntry
	if err == nil {
		entries, err = s.Services.Projects.Register(r.Context())
	}
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "register", "Data use register", entries)
}
