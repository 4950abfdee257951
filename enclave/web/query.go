package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/query"
)

// The API routes whose actions the query pages take.
const (
	actionCheck = "POST /v1/projects/{projectID}/queries/check"
	actionRun   = "POST /v1/projects/{projectID}/queries"
)

// queryView is the query forms (by fields and in SQL), with the pre-flight
// check or the problem of the last attempt.
type queryView struct {
	Project   enclave.Project
	SQL       string
	ByFields  bool // the last attempt was the form by fields
	Fields    fieldsForm
	Choices   fieldChoices
	JSON      string // the fields' query as the API's JSON body
	Preflight *answer.Preflight
	Problem   string
	Reasons   []enclave.Reason
}

// queryPage is the query forms, beside the project's scope.
func (s *Server) queryPage(w http.ResponseWriter, r *http.Request, sess *session) {
	p, ok := s.project(w, r, sess)
	if !ok {
		return
	}
	v := queryView{Project: p, Fields: newFields()}
	v.Choices = choices(p, s.Catalogue())
	s.render(w, r, sess, http.StatusOK, "query", "Ask a question", v)
}

// submitted reads either form: the fields, or the SQL.
func submitted(r *http.Request) queryView {
	if r.PostFormValue("form") == "fields" {
		return queryView{ByFields: true, Fields: readFields(r.PostForm)}
	}
	return queryView{SQL: r.PostFormValue("sql"), Fields: newFields()}
}

// checkQuery is the pre-flight check, authorised and audited exactly as
// its API route: the route's action, then the same service method.
// Nothing is read.
func (s *Server) checkQuery(w http.ResponseWriter, r *http.Request, sess *session) {
	id, v := r.PathValue("projectID"), submitted(r)
	var pre answer.Preflight
	err := s.allow(r, sess, actionCheck)
	if err == nil {
		actor := s.actor(r, sess)
		pre, err = ask(&v,
			func(q query.Query) (answer.Preflight, error) {
				return s.Services.Answers.Check(r.Context(), actor, id, q)
			},
			func(sql string) (answer.Preflight, error) {
				return s.Services.Answers.CheckSQL(r.Context(), actor, id, sql)
			})
	}
	if err != nil {
		s.queryProblem(w, r, sess, id, v, err)
		return
	}
	v.Preflight = &pre
	s.queryForm(w, r, sess, id, http.StatusOK, v)
}

// runQuery runs the query as its API route does. A released answer is kept
// in the session and shown at its own address (so that reloading it never
// asks again); a held one is shown with its review state.
func (s *Server) runQuery(w http.ResponseWriter, r *http.Request, sess *session) {
	id, v := r.PathValue("projectID"), submitted(r)
	var ans answer.Answer
	err := s.allow(r, sess, actionRun)
	if err == nil {
		actor := s.actor(r, sess)
		ans, err = ask(&v,
			func(q query.Query) (answer.Answer, error) { return s.Services.Answers.Run(r.Context(), actor, id, q) },
			func(sql string) (answer.Answer, error) { return s.Services.Answers.RunSQL(r.Context(), actor, id, sql) })
	}
	switch {
	case err != nil:
		s.queryProblem(w, r, sess, id, v, err)
	case ans.Held != nil:
		s.render(w, r, sess, http.StatusAccepted, "held", "Answer held for review", ans.Held)
	default:
		http.Redirect(w, r, "/answers/"+sess.keep(ans), http.StatusSeeOther)
	}
}

// jsonOf is the query as the API's JSON body, for the researcher to reuse.
func jsonOf(q any) string {
	b, _ := json.MarshalIndent(q, "", "  ")
	return string(b)
}

// queryProblem shows an invalid query on the form, so that it can be
// corrected; a refusal or any other failure gets the error page.
func (s *Server) queryProblem(w http.ResponseWriter, r *http.Request, sess *session, id string, v queryView, err error) {
	var e *enclave.Error
	code := enclave.ErrorCode(err)
	if code != enclave.CodeInvalid && code != enclave.CodeConflict || !errors.As(err, &e) {
		s.fail(w, r, sess, err)
		return
	}
	v.Problem, v.Reasons = e.Message, e.Reasons
	s.queryForm(w, r, sess, id, statuses[code], v)
}

// queryForm shows the forms beside the project's scope, after the action:
// the user is on the project, so reading it records nothing more.
func (s *Server) queryForm(w http.ResponseWriter, r *http.Request, sess *session, id string, status int, v queryView) {
	p, err := s.Services.Projects.Get(r.Context(), s.actor(r, sess), id)
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v.Project, v.Choices = p, choices(p, s.Catalogue())
	s.render(w, r, sess, status, "query", "Ask a question", v)
}

// ask puts the question v holds to the service: by fields through
// byFields, with the JSON query it makes shown on the page, else in SQL
// through bySQL.
func ask[T any](v *queryView, byFields func(query.Query) (T, error), bySQL func(string) (T, error)) (T, error) {
	if !v.ByFields {
		return bySQL(v.SQL)
	}
	q, err := v.Fields.Query()
	if err != nil {
		var zero T
		return zero, err
	}
	v.JSON = jsonOf(q)
	return byFields(q)
}
