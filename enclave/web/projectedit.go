package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// The API routes whose actions the project form takes.
const (
	actionCreate = "POST /v1/projects"
	actionUpdate = "PATCH /v1/projects/{projectID}"
)

// newProjectPage is the empty project form, for those the create route
// allows.
func (s *Server) newProjectPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, actionCreate); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "projectform", "New project", projectForm{Threshold: "10", Rounding: "5"})
}

// createProject creates a draft as POST /v1/projects does, then shows its
// page, where it can be submitted.
func (s *Server) createProject(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, actionCreate); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	f, d := readProjectForm(r)
	if len(f.Errors) > 0 {
		s.render(w, r, sess, http.StatusBadRequest, "projectform", "New project", f)
		return
	}
	p, err := s.Services.Projects.Create(r.Context(), s.actor(r, sess), d)
	if err != nil {
		s.formProblem(w, r, sess, "New project", f, err)
		return
	}
	http.Redirect(w, r, "/projects/"+p.ID, http.StatusSeeOther)
}

// editProjectPage is the form filled with the project as it is.
func (s *Server) editProjectPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, actionUpdate); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	p, ok := s.project(w, r, sess)
	if !ok {
		return
	}
	s.render(w, r, sess, http.StatusOK, "projectform", "Change "+p.Title, formOf(p))
}

// updateProject changes the fields that differ from the project as it is,
// as PATCH /v1/projects/{projectID} does; the policy decides in which
// states, and a change after approval sends it back for approval.
func (s *Server) updateProject(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("projectID")
	if err := s.allow(r, sess, actionUpdate); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	f, d := readProjectForm(r)
	f.ID = id
	if len(f.Errors) > 0 {
		s.render(w, r, sess, http.StatusBadRequest, "projectform", "Change the project", f)
		return
	}
	p, err := s.Services.Projects.Get(r.Context(), s.actor(r, sess), id)
	if err == nil {
		_, err = s.Services.Projects.Update(r.Context(), s.actor(r, sess), id, patchOf(p, d), f.Reason)
	}
	if err != nil {
		s.formProblem(w, r, sess, "Change the project", f, err)
		return
	}
	http.Redirect(w, r, "/projects/"+id, http.StatusSeeOther)
}

// formProblem shows a refused or invalid project on its form; any other
// failure gets the error page.
func (s *Server) formProblem(w http.ResponseWriter, r *http.Request, sess *session, title string, f projectForm, err error) {
	if !f.problem(err) {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, statuses[enclave.ErrorCode(err)], "projectform", title, f)
}
