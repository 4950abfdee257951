package httpapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
)

// Project routes are open to every authenticated role at the router: the
// governance policy decides each action on the project itself, in
// enclave.Projects.

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	ps, err := s.Projects.List(r.Context(), s.actor(r))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": ps})
}

func (s *Server) createProject(w http.ResponseWriter, r *http.Request) {
	var d enclave.ProjectDraft
	if err := decodeJSON(r, &d); err != nil {
		s.problem(w, r, err)
		return
	}
	p, err := s.Projects.Create(r.Context(), s.actor(r), d)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("Location", "/v1/projects/"+p.ID)
	writeJSON(w, http.StatusCreated, projectBody{Project: p, Changes: p.ChangesSinceApproval()})
}

func (s *Server) showProject(w http.ResponseWriter, r *http.Request) {
	p, err := s.Projects.Get(r.Context(), s.actor(r), chi.URLParam(r, "projectID"))
	s.answerProject(w, r, p, err)
}

type updateProjectRequest struct {
	enclave.ProjectPatch
	Reason string `json:"reason,omitempty"`
}

func (s *Server) updateProject(w http.ResponseWriter, r *http.Request) {
	var req updateProjectRequest
	if err := decodeJSON(r, &req); err != nil {
		s.problem(w, r, err)
		return
	}
	p, err := s.Projects.Update(r.Context(), s.actor(r), chi.URLParam(r, "projectID"), req.ProjectPatch, req.Reason)
	s.answerProject(w, r, p, err)
}

type memberRequest struct {
	Principal string `json:"principal"`
	Reason    string `json:"reason,omitempty"`
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request) {
	var req memberRequest
	if err := decodeJSON(r, &req); err != nil {
		s.problem(w, r, err)
		return
	}
	p, err := s.Projects.AddMember(r.Context(), s.actor(r), chi.URLParam(r, "projectID"), req.Principal, req.Reason)
	s.answerProject(w, r, p, err)
}

// removeMember takes the optional reason from the query string: DELETE
// requests carry no body.
func (s *Server) removeMember(w http.ResponseWriter, r *http.Request) {
	p, err := s.Projects.RemoveMember(r.Context(), s.actor(r), chi.URLParam(r, "projectID"),
		chi.URLParam(r, "principalID"), r.URL.Query().Get("reason"))
	s.answerProject(w, r, p, err)
}

type transitionRequest struct {
	Reason string `json:"reason"`
}

// transitionProject performs submit, approve, reject, return, suspend,
// resume or close. The body, {"reason": "..."}, may be left out when the
// action needs no reason.
func (s *Server) transitionProject(w http.ResponseWriter, r *http.Request) {
	var req transitionRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &req); err != nil {
			s.problem(w, r, err)
			return
		}
	}
	p, err := s.Projects.Transition(r.Context(), s.actor(r), chi.URLParam(r, "projectID"),
		chi.URLParam(r, "transition"), req.Reason)
	s.answerProject(w, r, p, err)
}

// projectBody is a project as one project's routes answer: with what
// changed, value by value, since the version last approved (null if it
// has never been approved).
type projectBody struct {
	enclave.Project
	Changes []enclave.FieldChange `json:"changes_since_approval"`
}

func (s *Server) answerProject(w http.ResponseWriter, r *http.Request, p enclave.Project, err error) {
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, projectBody{Project: p, Changes: p.ChangesSinceApproval()})
}

// serveRegister is the public data use register.
func (s *Server) serveRegister(w http.ResponseWriter, r *http.Request) {
	entries, err := s.Projects.Register(r.Context())
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": entries})
}
