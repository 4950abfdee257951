package web

import (
	"errors"
	"net/http"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
)

// The API routes whose actions the query pages take.
const (
	actionCheck = "POST /v1/projects/{projectID}/queries/check"
	actionRun   = "POST /v1/projects/{projectID}/queries"
)

// queryView is the query form, with the pre-flight check or the problem of
// the last attempt.
type queryView struct {
	Project   enclave.Project
	SQL       string
	Preflight *answer.Preflight
	Problem   string
	Reasons   []enclave.Reason
}

// queryPage is the query form, beside the project's scope.
func (s *Server) queryPage(w http.ResponseWriter, r *http.Request, sess *session) {
	p, ok := s.project(w, r, sess)
	if !ok {
		return
	}
	s.render(w, r, sess, http.StatusOK, "query", "Ask a question", queryView{Project: p})
}

// checkQuery is the pre-flight check, authorised and audited as its API
// route: nothing is read.
func (s *Server) checkQuery(w http.ResponseWriter, r *http.Request, sess *session) {
	p, ok := s.project(w, r, sess)
	if !ok {
		return
	}
	v := queryView{Project: p, SQL: r.PostFormValue("sql")}
	err := s.allow(r, sess, actionCheck)
	var pre answer.Preflight
	if err == nil {
		pre, err = s.Services.Answers.CheckSQL(r.Context(), s.actor(r, sess), p.ID, v.SQL)
	}
	if err != nil {
		s.queryProblem(w, r, sess, v, err)
		return
	}
	v.Preflight = &pre
	s.render(w, r, sess, http.StatusOK, "query", "Ask a question", v)
}

// runQuery runs the query as its API route does. A released answer is kept
// in the session and shown at its own address (so that reloading it never
// asks again); a held one is shown with its review state.
func (s *Server) runQuery(w http.ResponseWriter, r *http.Request, sess *session) {
	p, ok := s.project(w, r, sess)
	if !ok {
		return
	}
	v := queryView{Project: p, SQL: r.PostFormValue("sql")}
	err := s.allow(r, sess, actionRun)
	var ans answer.Answer
	if err == nil {
		ans, err = s.Services.Answers.RunSQL(r.Context(), s.actor(r, sess), p.ID, v.SQL)
	}
	switch {
	case err != nil:
		s.queryProblem(w, r, sess, v, err)
	case ans.Held != nil:
		s.render(w, r, sess, http.StatusAccepted, "held", "Answer held for review", ans.Held)
	default:
		http.Redirect(w, r, "/answers/"+sess.keep(ans), http.StatusSeeOther)
	}
}

// queryProblem shows a refused or invalid query on the form, so that it
// can be corrected; other failures get the error page.
func (s *Server) queryProblem(w http.ResponseWriter, r *http.Request, sess *session, v queryView, err error) {
	var e *enclave.Error
	code := enclave.ErrorCode(err)
	if code != enclave.CodeInvalid && code != enclave.CodeForbidden && code != enclave.CodeConflict || !errors.As(err, &e) {
		s.fail(w, r, sess, err)
		return
	}
	v.Problem, v.Reasons = e.Message, e.Reasons
	s.render(w, r, sess, statuses[code], "query", "Ask a question", v)
}
