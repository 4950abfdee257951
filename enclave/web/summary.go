package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
)

// summaryView is the summary's form, as given, the window the service
// used and the days it found.
type summaryView struct {
	Form    url.Values
	Window  enclave.SummaryWindow
	Days    []enclave.ResearcherDay
	Problem string
}

// summaryPage is the auditor's summary of queries per researcher and day,
// as GET /v1/audit/summary, with its filters: principal, since and until
// (dates, until taking in its whole day). The service records the read.
func (s *Server) summaryPage(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.allow(r, sess, "GET /v1/audit/summary"); err != nil {
		s.fail(w, r, sess, err)
		return
	}
	q := r.URL.Query()
	v := summaryView{Form: q}
	win, err := summaryWindow(q)
	if err == nil {
		v.Window, v.Days, err = s.Services.Audit.Summary(r.Context(), s.actor(r, sess), win)
	}
	if e := (*enclave.Error)(nil); errors.As(err, &e) && e.Code == enclave.CodeInvalid {
		v.Problem = e.Message
		s.render(w, r, sess, http.StatusBadRequest, "summary", "Queries by researcher", v)
		return
	}
	if err != nil {
		s.fail(w, r, sess, err)
		return
	}
	s.render(w, r, sess, http.StatusOK, "summary", "Queries by researcher", v)
}

// summaryWindow reads the form; the service fills in the dates not given.
func summaryWindow(q url.Values) (enclave.SummaryWindow, error) {
	win := enclave.SummaryWindow{Principal: strings.TrimSpace(q.Get("principal"))}
	if len(win.Principal) > audit.MaxIDBytes || strings.ContainsFunc(win.Principal, unicode.IsControl) {
		return win, enclave.E(enclave.CodeInvalid, "a principal is at most 200 characters, without control characters")
	}
	var err error
	if win.Since, err = day(q.Get("since"), "since", 0); err != nil {
		return win, err
	}
	win.Until, err = day(q.Get("until"), "until", 24*time.Hour)
	return win, err
}
