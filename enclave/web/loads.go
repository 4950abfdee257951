package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
)

// loadView is the look-up form and the load it found, with its rejects
// and skips by reason.
type loadView struct {
	ID       string
	Load     *ingest.LoadState
	Rejected []reasonCount
	Skipped  []reasonCount
	Problem  string
}

type reasonCount struct {
	Reason string
	Rows   int64
}

// loadsPage looks a dataset load up by its id, as GET /v1/loads/{loadID}:
// its counts and its rejected rows by reason (never a value; the lines
// rejected are in the report the load returned to its operator).
// There is no list of loads in the API, so the page asks for the id the
// load's report gave.
func (s *Server) loadsPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/loads/{loadID}"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v := loadView{ID: strings.TrimSpace(r.URL.Query().Get("id"))}
	if v.ID == "" {
		s.render(w, r, sess, http.StatusOK, "loads", "Dataset loads", v)
		return
	}
	id, err := strconv.ParseInt(v.ID, 10, 64)
	if err != nil || id < 1 {
		v.Problem = "A load id is a whole number of 1 or more, as the load's report gives it."
		s.render(w, r, sess, http.StatusBadRequest, "loads", "Dataset loads", v)
		return
	}
	if s.Services.Loads == nil {
		s.fail(w, r, sess, enclave.E(enclave.CodeUnavailable, "ingest is not configured on this server"))
		return
	}
	l, err := s.Services.Loads.LoadState(r.Context(), id)
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v.Load, v.Rejected, v.Skipped = &l, byReason(l.RejectedByReason), byReason(l.SkippedByReason)
	s.render(w, r, sess, http.StatusOK, "loads", "Dataset load "+v.ID, v)
}

// byReason lists counts by reason, in the reasons' order.
func byReason(m map[string]int64) []reasonCount {
	out := make([]reasonCount, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, reasonCount{k, m[k]})
	}
	return out
}
