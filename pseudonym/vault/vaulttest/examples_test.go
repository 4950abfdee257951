package vaulttest_test

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

// sha256Output is the format the spec's checklist gives for sha2-256 HMACs.
var sha256Output = regexp.MustCompile(`^vault:v[1-9][0-9]*:[A-Za-z0-9+/]{43}=$`)

func TestExampleHMACSingle(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "my-key", "aes256-gcm96")
	e := exampleOf(t, examples(t), "hmac_single")

	got := data(t, mustCall(t, c, e.Method, e.Path, e.Request, http.StatusOK))["hmac"]

	// The docs' sample omits the prefix; the code (and so the double) adds it.
	want := vaultHMAC("1", sha512.New, s.HMACKey(t, "my-key", 1), unb64(t, "adba32=="))
	if got != want {
		t.Errorf("hmac = %v, want %v", got, want)
	}
}

func TestExampleHMACBatch(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "my-key", "aes256-gcm96")
	e := exampleOf(t, examples(t), "hmac_batch")
	key := s.HMACKey(t, "my-key", 1)

	// Per-item failures still give HTTP 200.
	res := items(t, mustCall(t, c, e.Method, e.Path, e.Request, http.StatusOK))

	want := []map[string]any{
		{"hmac": vaultHMAC("1", sha256.New, key, unb64(t, "adba32==")), "valid": false, "reference": ""},
		{"hmac": vaultHMAC("1", sha256.New, key, unb64(t, "adba32==")), "valid": false, "reference": ""},
		{"error": "missing input for HMAC", "valid": false, "reference": ""},
		{"hmac": vaultHMAC("1", sha256.New, key, nil), "valid": false, "reference": ""}, // empty input is valid
	}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("batch_results =\n%v\nwant\n%v", res, want)
	}
	for i, r := range res {
		if h, ok := r["hmac"].(string); ok && !sha256Output.MatchString(h) {
			t.Errorf("item %d: %q does not match %v", i, h, sha256Output)
		}
	}
}

func TestExampleHMACBatchReference(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "k", "hmac")
	req := map[string]any{"batch_input": []map[string]string{
		{"input": b64("a"), "reference": "row-7"}, {"input": "not base64!", "reference": "row-8"},
	}}

	res := items(t, mustCall(t, c, http.MethodPost, "transit/hmac/k", req, http.StatusOK))

	if res[0]["reference"] != "row-7" || res[1]["reference"] != "row-8" {
		t.Errorf("references = %v, %v; want row-7, row-8", res[0]["reference"], res[1]["reference"])
	}
	if msg, _ := res[1]["error"].(string); !strings.HasPrefix(msg, "unable to decode input as base64: ") {
		t.Errorf("item 1 error = %q, want the base64 message", msg)
	}
}

func TestExampleVerify(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "my-key", "aes256-gcm96")
	ex := examples(t)
	e := exampleOf(t, ex, "verify_batch")

	// The documented HMACs are illustrative and not even valid base64.
	for i, r := range items(t, mustCall(t, c, e.Method, e.Path, e.Request, http.StatusOK)) {
		if msg, _ := r["error"].(string); !strings.HasPrefix(msg, "unable to decode verification HMAC as base64: ") {
			t.Errorf("documented item %d: error = %q", i, msg)
		}
	}

	// The same request shape with real HMACs: one genuine, one from other input.
	good := data(t, mustCall(t, c, http.MethodPost, "transit/hmac/my-key", map[string]any{"input": "adba32=="}, http.StatusOK))["hmac"]
	other := data(t, mustCall(t, c, http.MethodPost, "transit/hmac/my-key", map[string]any{"input": "aGVsbG8K"}, http.StatusOK))["hmac"]
	req := map[string]any{"batch_input": []map[string]any{
		{"input": "adba32==", "hmac": good},
		{"input": "aGVsbG8gd29ybGQuCg==", "hmac": other},
	}}
	got := items(t, mustCall(t, c, http.MethodPost, e.Path, req, http.StatusOK))
	var shape struct {
		Response map[string]any `json:"response_shape"`
	}
	if err := json.Unmarshal(ex["verify_batch"], &shape); err != nil {
		t.Fatal(err)
	}
	want := items(t, shape.Response) // [{valid:true, reference:""}, {valid:false, reference:""}]
	if !reflect.DeepEqual(got, want) {
		t.Errorf("verify batch = %v, want %v", got, want)
	}

	single := exampleOf(t, ex, "verify_single")
	single.Request["hmac"] = good
	if d := data(t, mustCall(t, c, single.Method, single.Path, single.Request, http.StatusOK)); d["valid"] != true {
		t.Errorf("verify single = %v, want valid true", d)
	}
}

func TestExampleErrorEnvelope(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	var e struct {
		Status int            `json:"http_status"`
		Body   map[string]any `json:"body"`
	}
	if err := json.Unmarshal(examples(t)["error_envelope"], &e); err != nil {
		t.Fatal(err)
	}

	status, body := call(t, c, http.MethodPost, "transit/hmac/my-key", map[string]any{"input": "adba32=="})

	if status != e.Status || !reflect.DeepEqual(body, e.Body) {
		t.Errorf("got %d %v, want %d %v", status, body, e.Status, e.Body)
	}
}
