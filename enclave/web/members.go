package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/research-enclave/enclave/enclave"
)

// The API routes whose actions the members form takes.
const (
	actionAddMember    = "POST /v1/projects/{projectID}/members"
	actionRemoveMember = "DELETE /v1/projects/{projectID}/members/{principalID}"
)

// membersForm is the project page's form for its members: the principal
// being added, kept when it is refused, and the problem, if any.
type membersForm struct {
	Principal string
	Problem   string
	Reasons   []enclave.Reason
}

// addMember adds a researcher to the project as POST
// /v1/projects/{projectID}/members does: the route's action, then
// Projects.AddMember, which decides on the project and audits.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, actionAddMember); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	principal := strings.TrimSpace(r.PostFormValue("principal"))
	_, err := s.Services.Projects.AddMember(r.Context(), s.actor(r, sess), r.PathValue("projectID"), principal, r.PostFormValue("reason"))
	s.membersDone(w, r, sess, principal, err)
}

// removeMember removes a member as DELETE
// /v1/projects/{projectID}/members/{principalID} does.
func (s *Server) removeMember(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, actionRemoveMember); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	_, err := s.Services.Projects.RemoveMember(r.Context(), s.actor(r, sess), r.PathValue("projectID"),
		r.PathValue("principalID"), r.PostFormValue("reason"))
	s.membersDone(w, r, sess, "", err)
}

// membersDone shows the project again: after a change, by redirecting to
// it; after a problem with the member named or a refusal by the
// governance policy, with the problem on its members form. Any other
// failure gets the error page.
func (s *Server) membersDone(w http.ResponseWriter, r *http.Request, sess *session, principal string, err error) {
	id := r.PathValue("projectID")
	if err == nil {
		http.Redirect(w, r, "/projects/"+id+"#members", http.StatusSeeOther)
		return
	}
	var e *enclave.Error
	code := enclave.ErrorCode(err)
	if code != enclave.CodeInvalid && code != enclave.CodeConflict && code != enclave.CodeForbidden && code != enclave.CodeNotFound ||
		!errors.As(err, &e) {
		s.fail(w, r, sess, err)
		return
	}
	p, gerr := s.Services.Projects.Get(r.Context(), s.actor(r, sess), id)
	if gerr != nil {
		s.fail(w, r, sess, err)
		return
	}
	v := s.projectViewOf(sess, p, &membersForm{Principal: principal, Problem: e.Message, Reasons: e.Reasons})
	if v.Members == nil {
		// No members form to show it on: the project can no longer change.
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, statuses[code], "project", p.Title, v)
}
