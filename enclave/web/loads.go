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

// loadsPageSize is how many loads the list shows at a time.
const loadsPageSize = 50

// shownRejects is how many of a load's rejected lines its page lists; the
// API gives every line the load listed.
const shownRejects = 200

// loadView is the list of loads, newest first, or one load with its
// rejects and skips by reason; and the look-up form.
type loadView struct {
	ID       string
	Loads    []ingest.LoadState
	Next     int64 // the before of the older page; -1 when none
	Load     *ingest.LoadState
	Rejected []reasonCount
	Skipped  []reasonCount
	// Lines are the first rejected lines the load listed (where and why,
	// never what); Unshown counts the rejected rows not among them.
	Lines   []ingest.Reject
	Unshown int64
	Problem string
}

type reasonCount struct {
	Reason string
	Rows   int64
}

// loadsPage lists the loads, newest first, as GET /v1/loads (?before=
// pages back), or shows one, as GET /v1/loads/{loadID} (?id=): its counts
// its rejected rows by reason, and its first rejected lines (line, column
// and reason, never a value).
func (s *Server) loadsPage(w http.ResponseWriter, r *http.Request, sess *session) {
	v := loadView{ID: strings.TrimSpace(r.URL.Query().Get("id")), Next: -1}
	action := "GET /v1/loads"
	if v.ID != "" {
		action = "GET /v1/loads/{loadID}"
	}
	if err := s.allow(r, sess, action); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	if s.Services.Loads == nil {
		s.fail(w, r, sess, enclave.E(enclave.CodeUnavailable, "ingest is not configured on this server"))
		return
	}
	if v.ID == "" {
		s.loadList(w, r, sess, v)
		return
	}
	id, err := strconv.ParseInt(v.ID, 10, 64)
	if err != nil || id < 1 {
		v.Problem = "A load id is a whole number of 1 or more, as the load's report gives it."
		s.render(w, r, sess, http.StatusBadRequest, "loads", "Dataset loads", v)
		return
	}
	l, err := s.Services.Loads.LoadState(r.Context(), id)
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v.Load, v.Rejected, v.Skipped = &l, byReason(l.RejectedByReason), byReason(l.SkippedByReason)
	v.Lines = l.Rejects[:min(len(l.Rejects), shownRejects)]
	v.Unshown = l.RowsRejected - int64(len(v.Lines))
	s.render(w, r, sess, http.StatusOK, "loads", "Dataset load "+v.ID, v)
}

// loadList shows a page of loads, newest first.
func (s *Server) loadList(w http.ResponseWriter, r *http.Request, sess *session, v loadView) {
	before := int64(-1)
	if b := r.URL.Query().Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 1 {
			v.Problem = "The page of older loads is named by a load id, a whole number of 1 or more."
			s.render(w, r, sess, http.StatusBadRequest, "loads", "Dataset loads", v)
			return
		}
		before = n
	}
	loads, next, err := s.Services.Loads.Loads(r.Context(), before, loadsPageSize)
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	v.Loads, v.Next = loads, next
	s.render(w, r, sess, http.StatusOK, "loads", "Dataset loads", v)
}

// byReason lists counts by reason, in the reasons' order.
func byReason(m map[string]int64) []reasonCount {
	out := make([]reasonCount, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, reasonCount{k, m[k]})
	}
	return out
}
