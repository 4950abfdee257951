package web

import (
	"net/http"

	"github.com/research-enclave/enclave/enclave"
)

// projectsView lists projects: for officers, those awaiting a decision
// first.
type projectsView struct {
	Awaiting []enclave.Project
	All      []enclave.Project
	Officer  bool
}

// projectsPage lists the projects the user may view, as GET /v1/projects.
func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/projects"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	ps, err := s.Services.Projects.List(r.Context(), s.actor(r, sess))
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v := projectsView{All: ps, Officer: sess.ident.Principal.Role == enclave.RoleGovernance}
	if v.Officer {
		for _, p := range ps {
			if p.State == "submitted" {
				v.Awaiting = append(v.Awaiting, p)
			}
		}
	}
	s.render(w, r, sess, http.StatusOK, "projects", "Projects", v)
}

// projectView is one project, whether the user may ask it questions, and
// the actions an officer may take next.
type projectView struct {
	Project    enclave.Project
	Researcher bool
	Actions    []string
	// FourEyes is for officers only.
	FourEyes *fourEyes
	// Members is the form adding and removing members, for officers while
	// the project can change.
	Members *membersForm
}

// projectPage shows one project and its scope, as GET /v1/projects/{id}.
func (s *Server) projectPage(w http.ResponseWriter, r *http.Request, sess *session) {
	p, ok := s.project(w, r, sess)
	if !ok {
		return
	}
	s.render(w, r, sess, http.StatusOK, "project", p.Title, s.projectViewOf(sess, p, &membersForm{}))
}

// projectViewOf is the project page's view of p for the session's user,
// with the members form as given when an officer may use it.
func (s *Server) projectViewOf(sess *session, p enclave.Project, members *membersForm) projectView {
	v := projectView{Project: p, Researcher: sess.ident.Principal.Role == enclave.RoleResearcher}
	if sess.ident.Principal.Role == enclave.RoleGovernance {
		v.Actions = nextActions[p.State]
		f := fourEyesOf(p, s.Services.Projects.Settings)
		v.FourEyes = &f
		// The states with next actions are those the policy lets members
		// change in (governance_state.rego's changeable), on today's clock:
		// an expired project's members stay as they were.
		if nextActions[p.EffectiveState] != nil {
			v.Members = members
		}
	}
	return v
}

// project reads the path's project as GET /v1/projects/{projectID} does,
// showing the error page when it cannot.
func (s *Server) project(w http.ResponseWriter, r *http.Request, sess *session) (enclave.Project, bool) {
	if err := s.allow(r, sess, "GET /v1/projects/{projectID}"); err != nil {
		s.fail(w, r, sess, err)
		return enclave.Project{}, false
	}
	p, err := s.Services.Projects.Get(r.Context(), s.actor(r, sess), r.PathValue("projectID"))
	if err != nil {
		s.fail(w, r, sess, err)
		return p, false
	}
	return p, true
}
