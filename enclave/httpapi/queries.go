package httpapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/answer"
	"github.com/research-enclave/enclave/enclave/query"
)

// queryRequest is a query as JSON, or as restricted SQL in "sql"; not both.
type queryRequest struct {
	SQL string `json:"sql,omitempty"`
	query.Query
}

// decodeQuery reads a query request, refusing one that gives both forms.
func (s *Server) decodeQuery(r *http.Request) (queryRequest, error) {
	if s.Answers == nil {
		return queryRequest{}, enclave.E(enclave.CodeUnavailable, "queries are not configured on this server")
	}
	var req queryRequest
	if err := decodeJSON(r, &req); err != nil {
		return req, err
	}
	q := req.Query
	if req.SQL != "" && (len(q.Datasets)+len(q.Measures)+len(q.GroupBy)+len(q.Filters) > 0 || q.Cohort != nil || q.Totals) {
		return req, enclave.E(enclave.CodeInvalid, `give the query as JSON fields or as "sql", not both`)
	}
	return req, nil
}

// runQuery answers a researcher's query on a project they belong to.
func (s *Server) runQuery(w http.ResponseWriter, r *http.Request) {
	req, err := s.decodeQuery(r)
	var ans answer.Answer
	id := chi.URLParam(r, "projectID")
	switch {
	case err != nil:
	case req.SQL != "":
		ans, err = s.Answers.RunSQL(r.Context(), s.actor(r), id, req.SQL)
	default:
		ans, err = s.Answers.Run(r.Context(), s.actor(r), id, req.Query)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if ans.Held != nil {
		// Held for output review: the researcher follows it there.
		w.Header().Set("Location", "/v1/reviews/"+ans.Held.ID)
		writeJSON(w, http.StatusAccepted, ans)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// checkQuery is the pre-flight check: validation, policy and the static
// rules, without reading any data.
func (s *Server) checkQuery(w http.ResponseWriter, r *http.Request) {
	req, err := s.decodeQuery(r)
	var pre answer.Preflight
	id := chi.URLParam(r, "projectID")
	switch {
	case err != nil:
	case req.SQL != "":
		pre, err = s.Answers.CheckSQL(r.Context(), s.actor(r), id, req.SQL)
	default:
		pre, err = s.Answers.Check(r.Context(), s.actor(r), id, req.Query)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pre)
}
