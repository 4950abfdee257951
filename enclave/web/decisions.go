package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// nextActions are the project actions offered on a project's page in each
// stored state; the governance policy still decides each one (four eyes,
// reasons, states).
var nextActions = map[string][]string{
	"draft":     {"submit"},
	"submitted": {"approve", "reject", "return"},
	"approved":  {"suspend", "close"},
	"active":    {"suspend", "close"},
	"suspended": {"resume", "close"},
}

// transitionProject takes a project action as POST
// /v1/projects/{projectID}/{transition} does: the route's action, then
// Projects.Transition, which decides it on the project and audits.
func (s *Server) transitionProject(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("projectID")
	err := s.allow(r, sess, "POST /v1/projects/{projectID}/{transition}")
	if err == nil {
		_, err = s.Services.Projects.Transition(r.Context(), s.actor(r, sess), id, r.PathValue("transition"), r.PostFormValue("reason"))
	}
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	http.Redirect(w, r, "/projects/"+id, http.StatusSeeOther)
}

// decideReview approves or rejects a held answer as POST
// /v1/reviews/{resultID}/approve and /reject do.
func (s *Server) decideReview(w http.ResponseWriter, r *http.Request, sess *session) {
	id, decision, reason := r.PathValue("resultID"), r.PathValue("decision"), r.PostFormValue("reason")
	var err error
	switch decision {
	case "approve", "reject":
		err = s.allow(r, sess, "POST /v1/reviews/{resultID}/"+decision)
	default:
		err = enclave.E(enclave.CodeNotFound, "a held answer is approved or rejected")
	}
	switch {
	case err != nil:
	case decision == "approve":
		_, err = s.Services.Reviews.Approve(r.Context(), s.actor(r, sess), id, reason)
	default:
		_, err = s.Services.Reviews.Reject(r.Context(), s.actor(r, sess), id, reason)
	}
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	http.Redirect(w, r, "/reviews/"+id, http.StatusSeeOther)
}
