package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/research-enclave/enclave/enclave/audit"
)

// logSource serves audit.VerifyLog from the server's HTTP API.
type logSource struct{ c *client }

var _ audit.Source = logSource{}

func (s logSource) SignCheckpoint(ctx context.Context) ([]byte, error) {
	return s.c.text(ctx, "POST", "/v1/audit/checkpoints")
}

// Export streams the export of events [0, size) (GET /v1/audit/log) and the
// copies the store keeps of them (GET /v1/audit/columns) to read.
func (s logSource) Export(ctx context.Context, size uint64, read func(events, columns io.Reader) (uint64, error)) error {
	to := strconv.FormatUint(size, 10)
	cols, err := s.c.send(ctx, "GET", "/v1/audit/columns?to="+to, nil)
	if err != nil {
		return err
	}
	defer cols.Body.Close()
	resp, err := s.c.send(ctx, "GET", "/v1/audit/log?to="+to, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, err := read(resp.Body, cols.Body)
	if err != nil {
		return err
	}
	// The trailers are read once the bodies are: without "complete" the
	// server stopped early, which says nothing about the log.
	for what, r := range map[string]*http.Response{"export": resp, "export of the stored columns": cols} {
		if r.Trailer.Get("X-Audit-Export") != "complete" {
			return fmt.Errorf("the server's %s stopped after %d events without completing (an error on the server, not evidence about the log): try again", what, n)
		}
	}
	return nil
}

func (s logSource) ConsistencyProof(ctx context.Context, from, to uint64) ([]string, error) {
	var proof struct {
		Proof []string `json:"proof"`
	}
	err := s.c.do(ctx, "GET", fmt.Sprintf("/v1/audit/proofs/consistency?from=%d&to=%d", from, to), nil, &proof)
	return proof.Proof, err
}
