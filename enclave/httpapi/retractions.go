package httpapi

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
)

// Load routes: operators and governance officers read a load and ask for,
// or confirm, its retraction. The router admits both roles; retraction.rego
// decides each retraction on the load itself, in ingest.Service.

type retractRequest struct {
	Reason string `json:"reason"`
}

// listLoads lists the loads newest first, with ?before= (a load id) and
// ?limit= to page.
func (s *Server) listLoads(w http.ResponseWriter, r *http.Request) {
	if s.Ingest == nil {
		s.problem(w, r, enclave.E(enclave.CodeUnavailable, "ingest is not configured on this server"))
		return
	}
	q := r.URL.Query()
	err := knownParams(q, "before", "limit")
	var before, limit int64
	if err == nil {
		before, err = intParam(q.Get("before"), "before", -1, 1, 1<<62)
	}
	if err == nil {
		limit, err = intParam(q.Get("limit"), "limit", ingest.DefaultLoads, 1, ingest.MaxLoads)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	loads, next, err := s.Ingest.Loads(r.Context(), before, int(limit))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page("loads", loads, next))
}

func (s *Server) showLoad(w http.ResponseWriter, r *http.Request) {
	s.onLoad(w, r, func(id int64) (ingest.LoadState, error) {
		return s.Ingest.LoadState(r.Context(), id)
	})
}

// retractLoad asks for a load's retraction, with {"reason": "..."}.
func (s *Server) retractLoad(w http.ResponseWriter, r *http.Request) {
	s.onLoad(w, r, func(id int64) (ingest.LoadState, error) {
		var req retractRequest
		if err := decodeJSON(r, &req); err != nil {
			return ingest.LoadState{}, err
		}
		return s.Ingest.Retract(r.Context(), s.actor(r), id, req.Reason)
	})
}

func (s *Server) confirmRetraction(w http.ResponseWriter, r *http.Request) {
	s.onLoad(w, r, func(id int64) (ingest.LoadState, error) {
		return s.Ingest.ConfirmRetraction(r.Context(), s.actor(r), id)
	})
}

// onLoad reads the load id of the route and answers with the load do
// returns.
func (s *Server) onLoad(w http.ResponseWriter, r *http.Request, do func(id int64) (ingest.LoadState, error)) {
	if s.Ingest == nil {
		s.problem(w, r, enclave.E(enclave.CodeUnavailable, "ingest is not configured on this server"))
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "loadID"), 10, 64)
	if err != nil || id < 1 {
		s.problem(w, r, enclave.E(enclave.CodeInvalid, "a load id is a whole number of 1 or more, as the load's report gives it"))
		return
	}
	l, err := do(id)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}
