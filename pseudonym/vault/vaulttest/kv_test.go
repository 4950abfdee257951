package vaulttest_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/hashicorp/vault/api"

	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestKVRead(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	s.PutSecret("enclave/pid-key", map[string]any{"key": "old"})
	s.PutSecret("enclave/pid-key", map[string]any{"key": "new"})

	d := data(t, mustCall(t, c, http.MethodGet, "secret/data/enclave/pid-key", nil, http.StatusOK))

	if got := d["data"]; !reflect.DeepEqual(got, map[string]any{"key": "new"}) {
		t.Errorf("data.data = %v", got)
	}
	md, _ := d["metadata"].(map[string]any)
	for _, f := range []string{"created_time", "custom_metadata", "deletion_time", "destroyed", "version"} {
		if _, ok := md[f]; !ok {
			t.Errorf("metadata field %q missing: %v", f, md)
		}
	}
	if md["version"] != 2.0 {
		t.Errorf("version = %v, want 2", md["version"])
	}

	// The client's KV v2 helper understands the shape.
	sec, err := c.KVv2("secret").GetVersion(context.Background(), "enclave/pid-key", 1)
	if err != nil || sec.Data["key"] != "old" || sec.VersionMetadata.Version != 1 {
		t.Errorf("KVv2 GetVersion(1) = %+v, %v", sec, err)
	}
}

func TestKVMissing(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)

	status, body := call(t, c, http.MethodGet, "secret/data/enclave/none", nil)

	if status != http.StatusNotFound || !reflect.DeepEqual(body, map[string]any{"errors": []any{}}) {
		t.Errorf("got %d %v, want 404 {\"errors\":[]}", status, body)
	}
	if _, err := c.KVv2("secret").Get(context.Background(), "enclave/none"); !errors.Is(err, api.ErrSecretNotFound) {
		t.Errorf("KVv2 Get = %v, want ErrSecretNotFound", err)
	}
}

func TestKVWriteDelete(t *testing.T) {
	t.Parallel()
	s := vaulttest.NewServer(t)
	c := s.Client(t)
	kv := c.KVv2("secret")
	ctx := context.Background()

	if _, err := kv.Put(ctx, "app/x", map[string]any{"key": "v"}); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if err := kv.Delete(ctx, "app/x"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	// A deleted version is a 404 that still carries its metadata.
	status, body := call(t, c, http.MethodGet, "secret/data/app/x", nil)
	if status != http.StatusNotFound || data(t, body)["data"] != nil {
		t.Errorf("deleted read = %d %v", status, body)
	}
	if err := kv.DeleteMetadata(ctx, "app/x"); err != nil {
		t.Fatalf("DeleteMetadata: %v", err)
	}
	if status, _ := call(t, c, http.MethodGet, "secret/data/app/x", nil); status != http.StatusNotFound {
		t.Errorf("after metadata delete: %d", status)
	}
}
