package httpapi

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"

	"github.com/go-chi/chi/v5"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/ingest"
)

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// loadDataset streams the body, a plain or gzip CSV file, into a dataset
// with the mapping named by ?mapping=. X-Content-SHA256 (lowercase hex)
// lets content loaded before be recognised without reading it.
func (s *Server) loadDataset(w http.ResponseWriter, r *http.Request) {
	if s.Ingest == nil {
		s.problem(w, r, enclave.E(enclave.CodeUnavailable, "ingest is not configured on this server"))
		return
	}
	req, err := loadRequest(chi.URLParam(r, "dataset"), r.URL.Query(), r.Header.Get("X-Content-SHA256"))
	if err == nil {
		err = uploadMediaType(r.Header.Get("Content-Type"))
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.upload(w, r, func(ctx context.Context, body io.Reader) (any, bool, error) {
		report, err := s.Ingest.Load(ctx, s.actor(r), req, body)
		return report, report.Duplicate, err
	})
}

func loadRequest(dataset string, q url.Values, sum string) (ingest.Request, error) {
	req := ingest.Request{Dataset: dataset, SHA256: sum}
	for key, vals := range q {
		if key != "mapping" {
			return req, enclave.E(enclave.CodeInvalid, "unknown query parameter "+key+": the only one is mapping")
		}
		if len(vals) != 1 || vals[0] == "" {
			return req, enclave.E(enclave.CodeInvalid, "query parameter mapping must be given once")
		}
		req.Mapping = vals[0]
	}
	if req.Mapping == "" {
		return req, enclave.E(enclave.CodeInvalid, "query parameter mapping is required: the name of the mapping the file follows")
	}
	if sum != "" && !sha256Hex.MatchString(sum) {
		return req, enclave.E(enclave.CodeInvalid, "X-Content-SHA256 must be 64 lowercase hex digits")
	}
	return req, nil
}
