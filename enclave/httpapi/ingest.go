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
// with the mapping named by ?mapping=, or with ?dry_run=true only reads,
// checks and maps it. X-Content-SHA256 (lowercase hex) lets content loaded
// before be recognised without reading it.
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
		return report, report.Duplicate || report.DryRun, err
	})
}

func loadRequest(dataset string, q url.Values, sum string) (ingest.Request, error) {
	req := ingest.Request{Dataset: dataset, SHA256: sum}
	for key, vals := range q {
		if key != "mapping" && key != "dry_run" {
			return req, enclave.E(enclave.CodeInvalid, "unknown query parameter "+key+": they are mapping and dry_run")
		}
		if len(vals) != 1 || vals[0] == "" {
			return req, enclave.E(enclave.CodeInvalid, "query parameter "+key+" must be given once")
		}
		switch {
		case key == "mapping":
			req.Mapping = vals[0]
		case vals[0] == "true":
			req.DryRun = true
		case vals[0] != "false":
			return req, enclave.E(enclave.CodeInvalid, "query parameter dry_run must be true or false")
		}
	}
	if req.Mapping == "" {
		return req, enclave.E(enclave.CodeInvalid, "query parameter mapping is required: the name of the mapping the file follows")
	}
	if sum != "" && !sha256Hex.MatchString(sum) {
		return req, enclave.E(enclave.CodeInvalid, "X-Content-SHA256 must be 64 lowercase hex digits")
	}
	return req, nil
}

// showMapping describes a mapping, for a client to compare a file's header
// with before sending it.
func (s *Server) showMapping(w http.ResponseWriter, r *http.Request) {
	if s.Ingest == nil {
		s.problem(w, r, enclave.E(enclave.CodeUnavailable, "ingest is not configured on this server"))
		return
	}
	info, err := s.Ingest.Mapping(chi.URLParam(r, "mapping"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, info)
}
