package vaulttest_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestExampleReadKey(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	ex := examples(t)
	create := exampleOf(t, ex, "create_key")
	mustCall(t, c, create.Method, create.Path, create.Request, http.StatusOK)
	e := exampleOf(t, ex, "read_key")
	var doc struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(e.Response, &doc); err != nil {
		t.Fatal(err)
	}

	got := data(t, mustCall(t, c, e.Method, e.Path, nil, http.StatusOK))

	for field, v := range doc.Data {
		g, ok := got[field]
		switch {
		case field == "imported":
			// Documented as "imported"; the server code sends "imported_key".
			if _, ok := got["imported_key"]; !ok {
				t.Errorf("no imported_key field")
			}
		case !ok:
			t.Errorf("field %q missing", field)
		case reflect.TypeOf(g) != reflect.TypeOf(v):
			t.Errorf("field %q is %T, documented as %T", field, g, v)
		}
	}
	if got["latest_version"] != 1.0 || got["min_decryption_version"] != 1.0 {
		t.Errorf("versions: latest %v, min_decryption %v; want 1, 1", got["latest_version"], got["min_decryption_version"])
	}
	if _, ok := got["keys"].(map[string]any)["1"].(float64); !ok {
		t.Errorf("keys[1] = %v, want a Unix time", got["keys"])
	}
}

func TestExampleCreateHMACKey(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	e := exampleOf(t, examples(t), "create_hmac_key")
	mustCall(t, c, e.Method, e.Path, e.Request, http.StatusOK)

	got := data(t, mustCall(t, c, http.MethodGet, e.Path, nil, http.StatusOK))

	if got["type"] != "hmac" || got["key_size"] != 32.0 || got["latest_version"] != 1.0 {
		t.Errorf("read = type %v key_size %v latest %v; want hmac, 32, 1", got["type"], got["key_size"], got["latest_version"])
	}
	// formatKeyPolicy has no "keys" case for the hmac type.
	if _, ok := got["keys"]; ok {
		t.Errorf("hmac key read has a keys field: %v", got["keys"])
	}
	if n := len(s.HMACKey(t, "my-hmac-key", 1)); n != 32 {
		t.Errorf("key material is %d bytes, want 32", n)
	}
}

func TestExampleListKeys(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.CreateKey(t, "foo", "aes256-gcm96")
	s.CreateKey(t, "bar", "ed25519")

	sec, err := c.Logical().List("transit/keys")
	if err != nil {
		t.Fatal(err)
	}
	if got := sec.Data["keys"]; !reflect.DeepEqual(got, []any{"bar", "foo"}) {
		t.Errorf("keys = %v, want [bar foo]", got)
	}
}
