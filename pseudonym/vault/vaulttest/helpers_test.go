package vaulttest_test

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
)

// call sends one request through the real client's raw methods and returns
// the HTTP status and the decoded JSON body (nil for an empty body). Error
// statuses are not test failures here: many tests are about them.
func call(t *testing.T, c *api.Client, method, path string, body any) (int, map[string]any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var (
		resp *api.Response
		err  error
	)
	switch method {
	case http.MethodGet:
		resp, err = c.Logical().ReadRawWithContext(ctx, path)
	case http.MethodPut, http.MethodPost:
		b, merr := json.Marshal(body)
		if merr != nil {
			t.Fatalf("marshal: %v", merr)
		}
		resp, err = c.Logical().WriteRawWithContext(ctx, path, b)
	case http.MethodDelete:
		resp, err = c.Logical().DeleteRawWithContext(ctx, path)
	default:
		t.Fatalf("call: unsupported method %s", method)
	}
	if resp == nil {
		t.Fatalf("%s %s: no response: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	// The client keeps the body readable after turning an error status into
	// an *api.ResponseError.
	if derr := json.NewDecoder(resp.Body).Decode(&out); derr != nil && !errors.Is(derr, io.EOF) {
		t.Fatalf("%s %s: decode body: %v", method, path, derr)
	}
	return resp.StatusCode, out
}

// mustCall is call that fails the test unless the status is want.
func mustCall(t *testing.T, c *api.Client, method, path string, body any, want int) map[string]any {
	t.Helper()
	status, out := call(t, c, method, path, body)
	if status != want {
		t.Fatalf("%s %s: status %d, want %d; body %v", method, path, status, want, out)
	}
	return out
}

// errorsOf returns the "errors" list of an error body.
func errorsOf(body map[string]any) []string {
	raw, _ := body["errors"].([]any)
	out := make([]string, 0, len(raw))
	for _, e := range raw {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

// data returns the "data" object of an envelope.
func data(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	d, ok := body["data"].(map[string]any)
	if !ok {
		t.Fatalf("no data object in %v", body)
	}
	return d
}

// items returns data.batch_results.
func items(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	raw, ok := data(t, body)["batch_results"].([]any)
	if !ok {
		t.Fatalf("no batch_results in %v", body)
	}
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i], _ = r.(map[string]any)
	}
	return out
}

// vaultHMAC is what Vault returns for input under key at version v.
func vaultHMAC(v string, newHash func() hash.Hash, key, input []byte) string {
	m := hmac.New(newHash, key)
	m.Write(input)
	return "vault:v" + v + ":" + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func unb64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("base64 %q: %v", s, err)
	}
	return b
}

// examples loads the transit reference examples copied from
// /work/shared/testdata/vault_transit.
func examples(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile("../../../testdata/vault/transit_hmac_examples.json")
	if err != nil {
		t.Fatalf("examples: %v", err)
	}
	var ex map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ex); err != nil {
		t.Fatalf("examples: %v", err)
	}
	return ex
}

// example is one request/response pair of the examples file.
type example struct {
	Method   string          `json:"method"`
	Path     string          `json:"path"`
	Request  map[string]any  `json:"request"`
	Response json.RawMessage `json:"response"`
}

func exampleOf(t *testing.T, ex map[string]json.RawMessage, name string) example {
	t.Helper()
	var e example
	if err := json.Unmarshal(ex[name], &e); err != nil {
		t.Fatalf("example %s: %v", name, err)
	}
	e.Path = strings.TrimPrefix(e.Path, "/v1/")
	return e
}
