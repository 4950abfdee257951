package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/research-enclave/enclave/enclave"
)

// listQuestions serves a principal's questions from the audit log, newest
// first: the caller's own, or with ?principal= another's (auditors; the
// policy decides, query.history). ?before= pages back from an event,
// ?limit= bounds the page. Each read is recorded.
func (s *Server) listQuestions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := questionFilter(q)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	qs, next, err := s.History.Questions(r.Context(), s.actor(r), f)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page("questions", qs, next))
}

func questionFilter(q url.Values) (enclave.QuestionFilter, error) {
	f := enclave.QuestionFilter{Principal: q.Get("principal")}
	if err := knownParams(q, "principal", "before", "limit"); err != nil {
		return f, err
	}
	if len(f.Principal) > 200 || strings.ContainsFunc(f.Principal, unicode.IsControl) {
		return f, enclave.E(enclave.CodeInvalid, "query parameter principal must be at most 200 characters, without control characters")
	}
	var err error
	if f.Before, err = intParam(q.Get("before"), "before", -1, 0, 1<<62); err != nil {
		return f, err
	}
	limit, err := intParam(q.Get("limit"), "limit", enclave.DefaultQuestions, 1, enclave.MaxQuestions)
	f.Limit = int(limit)
	return f, err
}

// knownParams refuses a query parameter other than names, or one given
// more than once, so that a misspelt one is not silently ignored.
func knownParams(q url.Values, names ...string) error {
	for k, v := range q {
		if !slices.Contains(names, k) {
			return enclave.E(enclave.CodeInvalid, fmt.Sprintf("unknown query parameter %q: they are %s", k, strings.Join(names, ", ")))
		}
		if len(v) > 1 {
			return enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %s given more than once", k))
		}
	}
	return nil
}

// page is one page of a list newest first, under name, with next_before
// when there are older items.
func page[T any](name string, items []T, next int64) map[string]any {
	if items == nil {
		items = []T{}
	}
	out := map[string]any{name: items}
	if next >= 0 {
		out["next_before"] = next
	}
	return out
}
