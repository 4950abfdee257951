package httpapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/optout"
)

var errNoOptOuts = enclave.E(enclave.CodeUnavailable, "opt-out lists are not configured on this server")

// loadOptOut streams the body, a list file, into a new version of the list.
func (s *Server) loadOptOut(w http.ResponseWriter, r *http.Request) {
	if s.OptOuts == nil {
		s.problem(w, r, errNoOptOuts)
		return
	}
	req, err := optOutRequest(chi.URLParam(r, "list"), r.URL.Query())
	if err == nil {
		err = uploadMediaType(r.Header.Get("Content-Type"))
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.upload(w, r, func(ctx context.Context, body io.Reader) (any, bool, error) {
		report, err := s.OptOuts.Load(ctx, s.actor(r), req, body)
		return report, report.NoOp, err
	})
}

// optOutStatus reports every list: current version, staleness, key.
func (s *Server) optOutStatus(w http.ResponseWriter, r *http.Request) {
	if s.OptOuts == nil {
		s.problem(w, r, errNoOptOuts)
		return
	}
	lists, err := s.OptOuts.Status(r.Context(), s.OptOuts.Now())
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"lists": lists, "max_age": s.OptOuts.MaxAge.String(), "key_source": s.OptOuts.Pseudonymiser != nil,
	})
}

// optOutRequest reads the list from the path and form and as_of from the
// query, refusing anything else.
func optOutRequest(name string, q url.Values) (enclave.OptOutRequest, error) {
	list, err := optout.ParseList(name)
	if err != nil {
		return enclave.OptOutRequest{}, enclave.E(enclave.CodeNotFound, err.Error())
	}
	req := enclave.OptOutRequest{List: list}
	for key, vals := range q {
		if len(vals) != 1 {
			return req, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %q must be given once", key))
		}
		switch key {
		case "form":
			req.Form, err = optout.ParseForm(vals[0])
		case "as_of":
			req.AsOf, err = optout.ParseDate(vals[0])
		default:
			return req, enclave.E(enclave.CodeInvalid, fmt.Sprintf("unknown query parameter %q: the parameters are form and as_of", key))
		}
		if err != nil {
			return req, enclave.E(enclave.CodeInvalid, fmt.Sprintf("query parameter %q: %v", key, err))
		}
	}
	if req.Form == "" {
		return req, enclave.E(enclave.CodeInvalid, `query parameter "form" is required: deny (the people who opted out) or allow (the people who did not)`)
	}
	return req, nil
}
