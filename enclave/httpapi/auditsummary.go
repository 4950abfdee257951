package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"github.com/research-enclave/enclave/enclave"
)

// summaryParams are the query parameters of GET /v1/audit/summary.
var summaryParams = map[string]bool{"principal": true, "since": true, "until": true}

// auditSummary serves the auditor's summary of queries per researcher and
// day, computed from events checked against their canonical bytes.
func (s *Server) auditSummary(w http.ResponseWriter, r *http.Request) {
	win, err := summaryWindow(r)
	var days []enclave.ResearcherDay
	if err == nil {
		win, days, err = s.Audit.Summary(r.Context(), s.actor(r), win)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"since": win.Since, "until": win.Until, "days": days})
}

// summaryWindow reads the summary's parameters; the service fills in those
// not given.
func summaryWindow(r *http.Request) (enclave.SummaryWindow, error) {
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
	win.Since, err = timeParam(q.Get("since"), "since")
	return win, err
}
