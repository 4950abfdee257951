package vaulttest_test

import (
	"errors"
	"testing"

	"github.com/hashicorp/vault/api"

	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// TestClientSeesPerItemErrorsAsSuccess records how the real client reports a
// batch with failed items: no error, HTTP 200, the errors inside the data.
func TestClientSeesPerItemErrorsAsSuccess(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	s.CreateKey(t, "k", "hmac")

	sec, err := s.Client(t).Logical().Write("transit/hmac/k", map[string]any{"batch_input": []any{map[string]any{}}})

	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	res := sec.Data["batch_results"].([]any)[0].(map[string]any)
	if res["error"] != "missing input for HMAC" {
		t.Errorf("item = %v", res)
	}
	// And a missing key read is (nil, nil), not an error.
	if sec, err := s.Client(t).Logical().Read("transit/keys/nope"); sec != nil || err != nil {
		t.Errorf("read missing key = %v, %v; want nil, nil", sec, err)
	}
	var re *api.ResponseError
	if _, err := s.Client(t).Logical().Write("transit/hmac/nope", map[string]any{"input": "YQ=="}); !errors.As(err, &re) || re.StatusCode != 400 {
		t.Errorf("hmac with missing key: %v, want *api.ResponseError 400", err)
	}
}
