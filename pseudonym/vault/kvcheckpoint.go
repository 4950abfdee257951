package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hashicorp/vault/api"
)

// DefaultCheckpointPath is the KV version 2 secret that keeps the audit
// log's latest signed checkpoint outside the database, in its field
// "checkpoint".
const DefaultCheckpointPath = "enclave/audit-checkpoint"

const checkpointField = "checkpoint"

// CheckpointStore keeps the audit log's latest signed checkpoint in a KV
// version 2 secret, so that a database restored from an older backup is
// found behind it (enclave.CheckpointAnchor). The service's policy reads
// and updates the secret, and may neither create nor delete it: an
// administrator creates it once, empty (deploy/vault/RUNBOOK.md).
type CheckpointStore struct {
	api         *api.Client
	mount, path string
}

// NewCheckpointStore returns the store of the secret at path under mount
// ("" is DefaultKVMount).
func NewCheckpointStore(client *Client, mount, path string) (*CheckpointStore, error) {
	if mount == "" {
		mount = DefaultKVMount
	}
	if err := checkPath("mount", mount); err != nil {
		return nil, err
	}
	if err := checkPath("secret path", path); err != nil {
		return nil, err
	}
	return &CheckpointStore{api: client.api, mount: mount, path: path}, nil
}

func (s *CheckpointStore) String() string { return "Vault KV " + s.mount + "/" + s.path }

func (s *CheckpointStore) full() string { return s.mount + "/data/" + s.path }

// Load returns the checkpoint saved last; nil when the secret is missing
// or its field is empty (created, never saved to).
func (s *CheckpointStore) Load(ctx context.Context) ([]byte, error) {
	var res kvResponse
	err := read(ctx, s.api, "read checkpoint", s.full(), nil, &res)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	raw, ok := res.Data[checkpointField]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var signed string
	if err := json.Unmarshal(raw, &signed); err != nil {
		return nil, rejected("read checkpoint", s.full(), fmt.Sprintf("field %q is not a string", checkpointField))
	}
	if signed == "" {
		return nil, nil
	}
	return []byte(signed), nil
}

// Save writes signed as a new version of the secret.
func (s *CheckpointStore) Save(ctx context.Context, signed []byte) error {
	body, err := json.Marshal(map[string]any{"data": map[string]string{checkpointField: string(signed)}})
	if err != nil {
		return err
	}
	_, err = write(ctx, s.api, "save checkpoint", s.full(), body)
	return err
}
