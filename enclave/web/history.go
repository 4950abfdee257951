package web

import (
	"net/http"
	"slices"

	"github.com/research-enclave/enclave/enclave"
)

// historyView is the user's questions: the answers released to this
// session, and their answers held for review, in every state.
type historyView struct {
	Answers []kept
	Held    []enclave.HeldResult
}

// historyPage shows the researcher's questions. The answers are those kept
// in the session (nothing is asked or recorded again); the held ones are
// read as GET /v1/reviews reads them, narrowed to the user's own. The
// audit log, where every question is, is for auditors only.
func (s *Server) historyPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/reviews"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	held, err := s.Services.Reviews.List(r.Context(), s.actor(r, sess), "")
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	me := sess.ident.Principal.ID
	held = slices.DeleteFunc(held, func(h enclave.HeldResult) bool { return h.Requester != me })
	s.render(w, r, sess, http.StatusOK, "history", "Your questions", historyView{Answers: sess.kept(), Held: held})
}
