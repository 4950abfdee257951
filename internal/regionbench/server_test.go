package regionbench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/httpapi"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/internal/services/servicestest"
)

// deadline bounds every request and query: long enough for any question
// at region scale, which the benchmark measures rather than cuts short.
const deadline = 2 * time.Hour

// today is the benchmark's clock: after synth's last event (2025-12-31), so
// that no date of birth or event is in the future when loaded.
var today = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// region is the real server graph (services.New, the HTTP API) over a fresh
// database, with a token for the operator who loads and the researcher who
// asks.
type region struct {
	env                  *servicestest.Env
	srv                  *httptest.Server
	operator, researcher string // token secrets
}

func newRegion(b *testing.B) *region {
	b.Helper()
	e := servicestest.New(b, servicestest.WithQueryCache(1<<40))
	e.Advance(today.Sub(e.Now()))
	e.Answers.Runner.(*postgres.QueryStore).Timeout = deadline
	h := httpapi.New(httpapi.Config{
		Tokens: e.Tokens, Audit: e.Audit, Access: e.Access, Catalogue: e.Files.Catalogue, Reload: e.Reload,
		Projects: e.Projects, Reviews: e.Reviews, OptOuts: e.OptOuts, Ingest: e.Loads, Answers: e.Answers,
		Logger: slog.New(slog.DiscardHandler), Registry: prometheus.NewRegistry(),
		MaxBodyBytes: 1 << 16, MaxUploadBytes: 1 << 40, RequestTimeout: deadline,
	})
	r := &region{env: e, srv: httptest.NewServer(h)}
	b.Cleanup(r.srv.Close)
	r.operator = r.token(b, servicestest.Otto)
	r.researcher = r.token(b, servicestest.Researcher)
	return r
}

// token issues a further token to an enrolled principal, as otto.
func (r *region) token(b *testing.B, who enclave.Actor) string {
	b.Helper()
	tok, err := r.env.Tokens.Issue(context.Background(), servicestest.Otto, enclave.TokenRequest{
		PrincipalID: who.Principal.ID, Role: who.Principal.Role, TTL: enclave.MaxTokenTTL,
	})
	if err != nil {
		b.Fatalf("token for %s: %v", who.Principal.ID, err)
	}
	return tok.Secret
}

// post sends body to path with secret's token and decodes a 200, 201 or
// 202 (an answer held for review) answer into out (nil: discard it).
func (r *region) post(ctx context.Context, secret, path, contentType string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, "POST", r.srv.URL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 202 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, msg)
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
