package httpapi

import (
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
)

// Review routes: governance officers review held results, researchers
// follow their own. The router admits both roles; review.rego decides each
// action on the result itself, in enclave.Reviews.

// listReviews lists held results, ?state=held|released|rejected narrowing
// the list.
func (s *Server) listReviews(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k, v := range q {
		if k != "state" || len(v) > 1 {
			s.problem(w, r, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %q: only state, given once, is accepted", k)))
			return
		}
	}
	rs, err := s.Reviews.List(r.Context(), s.actor(r), q.Get("state"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": rs})
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request) {
	res, err := s.Reviews.Get(r.Context(), s.actor(r), chi.URLParam(r, "resultID"))
	s.answerReview(w, r, res, err)
}

type reviewRequest struct {
	Reason string `json:"reason"`
}

// reviewReason reads the optional body, {"reason": "..."}.
func reviewReason(r *http.Request) (string, error) {
	var req reviewRequest
	if r.ContentLength == 0 {
		return "", nil
	}
	err := decodeJSON(r, &req)
	return req.Reason, err
}

func (s *Server) approveReview(w http.ResponseWriter, r *http.Request) {
	note, err := reviewReason(r)
	var res enclave.HeldResult
	if err == nil {
		res, err = s.Reviews.Approve(r.Context(), s.actor(r), chi.URLParam(r, "resultID"), note)
	}
	s.answerReview(w, r, res, err)
}

func (s *Server) rejectReview(w http.ResponseWriter, r *http.Request) {
	reason, err := reviewReason(r)
	var res enclave.HeldResult
	if err == nil {
		res, err = s.Reviews.Reject(r.Context(), s.actor(r), chi.URLParam(r, "resultID"), reason)
	}
	s.answerReview(w, r, res, err)
}

func (s *Server) answerReview(w http.ResponseWriter, r *http.Request, res enclave.HeldResult, err error) {
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
