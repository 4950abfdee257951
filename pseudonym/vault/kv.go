package vault

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/hashicorp/vault/api"
)

// MinKeySize is the shortest key material ReadKVKey accepts: the output size
// of HMAC-SHA256, below which the key would bound the pseudonym's strength.
const MinKeySize = 32

// kvResponse is the "data" of GET <mount>/data/<path>. The secret's fields
// stay raw until the one wanted is picked, so no other value is decoded.
type kvResponse struct {
	Data     map[string]json.RawMessage `json:"data"`
	Metadata struct {
		Version int `json:"version"`
	} `json:"metadata"`
}

// ReadKVKey reads key material from field of the latest version of the KV
// version 2 secret at path under mount (for example mount "secret", path
// "enclave/pid-key", field "key"), for the vault-kv key source. The field
// must hold standard base64 of at least MinKeySize bytes (`openssl rand
// -base64 32`). It returns the material and the secret's KV version, which
// identifies the key: store it with the pseudonyms as their key version.
//
// Errors name the mount, path and field, never the value.
func ReadKVKey(ctx context.Context, client *Client, mount, path, field string) ([]byte, int, error) {
	return readKVKey(ctx, client.api, mount, path, field, 0)
}

// ReadKVKeyVersion is ReadKVKey for a pinned KV version (1 or more), the
// vault-kv counterpart of TransitHMAC's pinned key version: writing a new
// version of the secret then changes nothing until the pin changes.
func ReadKVKeyVersion(ctx context.Context, client *Client, mount, path, field string, version int) ([]byte, error) {
	if version < 1 {
		return nil, fmt.Errorf("vault: kv key %s: version must be pinned (1 or more), got %d", path, version)
	}
	key, _, err := readKVKey(ctx, client.api, mount, path, field, version)
	return key, err
}

func readKVKey(ctx context.Context, client *api.Client, mount, path, field string, version int) ([]byte, int, error) {
	if mount == "" {
		mount = DefaultKVMount
	}
	if err := checkPath("mount", mount); err != nil {
		return nil, 0, err
	}
	if err := checkPath("secret path", path); err != nil {
		return nil, 0, err
	}
	full := mount + "/data/" + path
	var params url.Values
	if version > 0 {
		params = url.Values{"version": {strconv.Itoa(version)}}
	}
	var res kvResponse
	if err := read(ctx, client, "read kv key", full, params, &res); err != nil {
		return nil, 0, err
	}
	switch {
	case res.Data == nil:
		return nil, 0, rejected("read kv key", full, fmt.Sprintf("version %d has no data (deleted or destroyed)", res.Metadata.Version))
	case res.Metadata.Version < 1:
		return nil, 0, rejected("read kv key", full, "response has no secret version")
	case version > 0 && res.Metadata.Version != version:
		return nil, 0, rejected("read kv key", full, fmt.Sprintf("response is for version %d, want %d", res.Metadata.Version, version))
	}
	raw, ok := res.Data[field]
	if !ok {
		return nil, 0, rejected("read kv key", full, fmt.Sprintf("no field %q", field))
	}
	var b64 string
	if err := json.Unmarshal(raw, &b64); err != nil {
		return nil, 0, rejected("read kv key", full, fmt.Sprintf("field %q is not a string", field))
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, 0, rejected("read kv key", full, fmt.Sprintf("field %q is not standard base64", field))
	}
	if len(key) < MinKeySize {
		clear(key)
		return nil, 0, rejected("read kv key", full, fmt.Sprintf("field %q holds %d bytes of key; at least %d are needed", field, len(key), MinKeySize))
	}
	return key, res.Metadata.Version, nil
}
