package httpapi

import (
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
)

// Principal routes: operators and governance officers list principals and
// their enrolment; officers approve or refuse the pending ones, as
// enrolment.rego decides in enclave.Tokens.

// listPrincipals lists principals, ?state=pending|active|refused narrowing
// the list.
func (s *Server) listPrincipals(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k, v := range q {
		if k != "state" || len(v) > 1 {
			s.problem(w, r, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %q: only state, given once, is accepted", k)))
			return
		}
	}
	var state enclave.EnrolmentState
	if v := q.Get("state"); v != "" {
		var err error
		if state, err = enclave.ParseEnrolmentState(v); err != nil {
			s.problem(w, r, err)
			return
		}
	}
	ps, err := s.Tokens.Principals(r.Context(), state)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"principals": ps})
}

func (s *Server) approvePrincipal(w http.ResponseWriter, r *http.Request) {
	note, err := reviewReason(r)
	var p enclave.PrincipalInfo
	if err == nil {
		p, err = s.Tokens.ApproveEnrolment(r.Context(), s.actor(r), chi.URLParam(r, "principalID"), note)
	}
	s.answerPrincipal(w, r, p, err)
}

func (s *Server) rejectPrincipal(w http.ResponseWriter, r *http.Request) {
	reason, err := reviewReason(r)
	var p enclave.PrincipalInfo
	if err == nil {
		p, err = s.Tokens.RejectEnrolment(r.Context(), s.actor(r), chi.URLParam(r, "principalID"), reason)
	}
	s.answerPrincipal(w, r, p, err)
}

func (s *Server) answerPrincipal(w http.ResponseWriter, r *http.Request, p enclave.PrincipalInfo, err error) {
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
