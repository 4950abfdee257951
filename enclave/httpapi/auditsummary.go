package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/research-enclave/enclave/enclave"
)

// summaryParams are the query parameters of GET /v1/audit/summary.
var summaryParams = map[string]bool{"principal": true, "since": true, "until": true}

// defaultSummaryWindow is how far back a summary reaches without since.
const defaultSummaryWindow = 30 * 24 * time.Hour

// auditSummary serves the auditor's summary of queries per researcher and
// day, computed from events checked against their canonical bytes.
func (s *Server) auditSummary(w http.ResponseWriter, r *http.Request) {
	win, err := s.summaryWindow(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	rec := map[string]any{"since": win.Since.Format(time.RFC3339), "until": win.Until.Format(time.RFC3339)}
	if win.Principal != "" {
		rec["principal"] = s.Audit.FieldHMAC(win.Principal)
	}
	if err := s.recordRead(r, map[string]any{"summary": rec}); err != nil {
		s.problem(w, r, err)
		return
	}
	days, err := s.Audit.Summary(r.Context(), win)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"since": win.Since, "until": win.Until, "days": days})
}

// summaryWindow reads the summary's parameters: until defaults to now, and
// since to 30 days before until.
func (s *Server) summaryWindow(r *http.Request) (enclave.SummaryWindow, error) {
	q := r.URL.Query()
	for k, v := range q {
		if !summaryParams[k] {
			return enclave.SummaryWindow{}, enclave.E(enclave.CodeInvalid, fmt.Sprintf("unknown query parameter %q", k))
		}
		if len(v) > 1 {
			return enclave.SummaryWindow{}, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %s given more than once", k))
		}
	}
	win := enclave.SummaryWindow{Principal: q.Get("principal")}
	if len(win.Principal) > 200 || strings.ContainsFunc(win.Principal, unicode.IsControl) {
		return win, enclave.E(enclave.CodeInvalid, "query parameter principal must be at most 200 characters, without control characters")
	}
	var err error
	if win.Until, err = timeParam(q.Get("until"), "until"); err != nil {
		return win, err
	}
	if win.Until.IsZero() {
		win.Until = s.Audit.Now()
	}
	if win.Since, err = timeParam(q.Get("since"), "since"); err != nil {
		return win, err
	}
	if win.Since.IsZero() {
		win.Since = win.Until.Add(-defaultSummaryWindow)
	}
	win.Since, win.Until = win.Since.UTC(), win.Until.UTC()
	return win, win.Validate()
}
