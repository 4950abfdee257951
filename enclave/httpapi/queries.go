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

// runQuery answers a researcher's query on a project they belong to.
func (s *Server) runQuery(w http.ResponseWriter, r *http.Request) {
	if s.Answers == nil {
		s.problem(w, r, enclave.E(enclave.CodeUnavailable, "queries are not configured on this server"))
		return
	}
	var req queryRequest
	if err := decodeJSON(r, &req); err != nil {
		s.problem(w, r, err)
		return
	}
	var ans answer.Answer
	var err error
	id := chi.URLParam(r, "projectID")
	switch q := req.Query; {
	case req.SQL == "":
		ans, err = s.Answers.Run(r.Context(), s.actor(r), id, q)
	case len(q.Datasets)+len(q.Measures)+len(q.GroupBy)+len(q.Filters) > 0 || q.Cohort != nil || q.Totals:
		err = enclave.E(enclave.CodeInvalid, `give the query as JSON fields or as "sql", not both`)
	default:
		ans, err = s.Answers.RunSQL(r.Context(), s.actor(r), id, req.SQL)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}
