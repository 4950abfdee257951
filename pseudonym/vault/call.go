package vault

import (
	"context"
	"encoding/json"
	"io"
	"net/url"

	"github.com/hashicorp/vault/api"
)

// maxResponse bounds the size of a response body read decodes.
const maxResponse = 16 << 20

// write sends body (JSON, built from a typed request) to path and returns
// Vault's parsed answer.
//
// It uses Logical().WriteBytesWithContext, which parses the response before
// it returns. Logical().WriteRawWithContext would be the natural typed
// alternative, but in api v1.23.0 it cancels the request's context (the
// client timeout it derives) as it returns, before the caller has read the
// body: large responses then fail at random with "context canceled".
func write(ctx context.Context, c *api.Client, op, path string, body []byte) (*api.Secret, error) {
	sec, err := c.Logical().WriteBytesWithContext(ctx, path, body)
	if err != nil {
		return nil, classify(op, path, err)
	}
	if sec == nil || sec.Data == nil {
		return nil, rejected(op, path, "response has no data")
	}
	return sec, nil
}

// read fetches path (with query params, if any) and decodes the response's "data" into out, a pointer
// to a typed struct. Logical().ReadRawWithContext leaves the context alone
// (unlike the raw write), but ignores the client timeout, so read applies
// it, and decodes while the context is alive. A missing path is an error
// (ErrNotFound) here, where Logical().Read would return nil, nil.
func read(ctx context.Context, c *api.Client, op, path string, params url.Values, out any) error {
	ctx, cancel := withClientTimeout(ctx, c)
	defer cancel()
	resp, err := c.Logical().ReadRawWithDataWithContext(ctx, path, params)
	if resp != nil {
		defer resp.Body.Close()
	}
	if err != nil {
		return classify(op, path, err)
	}
	env := struct {
		Data any `json:"data"` // holds out, a pointer: json decodes into it
	}{Data: out}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxResponse)).Decode(&env); err != nil {
		e := rejected(op, path, "malformed response body")
		e.Status, e.Err = resp.StatusCode, err
		return e
	}
	return nil
}

func withClientTimeout(ctx context.Context, c *api.Client) (context.Context, context.CancelFunc) {
	if d := c.ClientTimeout(); d > 0 {
		return context.WithTimeout(ctx, d)
	}
	return context.WithCancel(ctx)
}

// str and number read fields of an api.Secret's data, which the client
// decodes with UseNumber.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func number(m map[string]any, key string) int {
	n, _ := m[key].(json.Number)
	v, _ := n.Int64()
	return int(v)
}
