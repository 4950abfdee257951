package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/research-enclave/enclave/internal/config"
)

// client talks to the server's API for the client commands.
type client struct {
	base  string
	token string
	http  *http.Client
}

func (a *app) client() (*client, error) {
	c, err := a.config()
	if err != nil {
		return nil, err
	}
	return newClient(c)
}

func newClient(c config.Config) (*client, error) {
	if c.Token == "" {
		return nil, errors.New("ENCLAVE_TOKEN is not set: give the API token (or ENCLAVE_TOKEN_FILE); the demo writes tokens to its demo.env")
	}
	return newAnonymousClient(c), nil
}

// newAnonymousClient sends ENCLAVE_TOKEN if it is set, for public routes.
func newAnonymousClient(c config.Config) *client {
	base := c.Addr
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	return &client{base: strings.TrimRight(base, "/"), token: c.Token.Reveal(), http: &http.Client{Timeout: 30 * time.Minute}}
}

// problemError is an API error as the server described it.
type problemError struct {
	Status  int    `json:"status"`
	Type    string `json:"type"`
	Detail  string `json:"detail"`
	Reasons []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"reasons"`
	RequestID string `json:"request_id"`
}

func (p *problemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (HTTP %d, %s)", p.Detail, p.Status, strings.TrimPrefix(p.Type, "urn:enclave:problem:"))
	for _, r := range p.Reasons {
		fmt.Fprintf(&b, "\n  - %s: %s", r.Code, r.Message)
	}
	if p.RequestID != "" {
		fmt.Fprintf(&b, "\n  request id: %s", p.RequestID)
	}
	return b.String()
}

// do sends a JSON request and decodes a JSON answer into out (if not nil).
func (c *client) do(ctx context.Context, method, path string, in, out any) error {
	resp, err := c.send(ctx, method, path, in)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: unreadable answer: %w", method, path, err)
	}
	return nil
}

// text sends a request and returns the whole answer, for text routes.
func (c *client) text(ctx context.Context, method, path string) ([]byte, error) {
	resp, err := c.send(ctx, method, path, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// send sends a request and returns the response of a success; an error
// answer becomes a *problemError. The caller closes the body.
func (c *client) send(ctx context.Context, method, path string, in any) (*http.Response, error) {
	if in == nil {
		return c.sendBody(ctx, method, path, "", nil)
	}
	b, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	return c.sendBody(ctx, method, path, "application/json", bytes.NewReader(b))
}

// sendBody is send with a body of contentType ("" for no body), streamed
// from body.
func (c *client) sendBody(ctx context.Context, method, path, contentType string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.sendRequest(req)
}

// sendRequest adds the token to req and sends it, as send does.
func (c *client) sendRequest(req *http.Request) (*http.Response, error) {
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	method, path := req.Method, req.URL.Path
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the enclave at %s: %w", c.base, errors.Unwrap(err))
	}
	if resp.StatusCode >= 400 {
		defer resp.Body.Close()
		p := &problemError{Status: resp.StatusCode}
		if err := json.NewDecoder(resp.Body).Decode(p); err != nil || p.Detail == "" {
			return nil, fmt.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
		}
		return nil, p
	}
	return resp, nil
}

// decodeAnswer decodes a success's JSON answer into a T and closes its body.
func decodeAnswer[T any](resp *http.Response) (T, error) {
	defer resp.Body.Close()
	var v T
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return v, fmt.Errorf("unreadable answer: %w", err)
	}
	return v, nil
}

// output writes v as indented JSON when format is json, else with text.
func (a *app) output(format string, v any, text func(io.Writer) error) error {
	if format == "json" {
		return writeJSONOut(a.stdout, v)
	}
	return text(a.stdout)
}
