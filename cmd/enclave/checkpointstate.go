package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/internal/config"
	"github.com/research-enclave/enclave/pseudonym/vault"
)

// checkpointAnchor is where the server keeps the latest signed checkpoint
// outside the database (docs/operations.md, "Backup and restore"): a file
// (ENCLAVE_CHECKPOINT_STATE) in dev mode only, for a file beside the
// database is restored with it; otherwise Vault KV whenever Vault is
// configured. Without either, in dev mode, rollbacks go unnoticed, and the
// log says so; in production the server does not start.
func checkpointAnchor(c config.Config, log *slog.Logger) (enclave.CheckpointAnchor, error) {
	switch {
	case c.CheckpointState != "" && c.Mode != config.ModeDev:
		return nil, errors.New("ENCLAVE_CHECKPOINT_STATE (a file) is for dev mode only: in production the checkpoint is kept in Vault KV (ENCLAVE_VAULT_ADDR, ENCLAVE_CHECKPOINT_KV_PATH), which a restore of the database cannot take back with it")
	case c.CheckpointState != "":
		return fileAnchor(c.CheckpointState), nil
	case c.VaultAddr != "":
		client, err := vaultClient(c, "ENCLAVE_CHECKPOINT_KV_PATH")
		if err != nil {
			return nil, err
		}
		s, err := vault.NewCheckpointStore(client, c.VaultKVMount, c.CheckpointKVPath)
		if err != nil {
			return nil, fmt.Errorf("ENCLAVE_CHECKPOINT_KV_PATH: %w", err)
		}
		return s, nil
	case c.Mode == config.ModeDev:
		log.Warn("no checkpoint is kept outside the database (ENCLAVE_CHECKPOINT_STATE or ENCLAVE_VAULT_ADDR): a restore of an older backup would go unnoticed")
		return nil, nil
	}
	return nil, errors.New("no place to keep the latest checkpoint outside the database: set ENCLAVE_VAULT_ADDR (the checkpoint is kept in Vault KV, ENCLAVE_CHECKPOINT_KV_PATH)")
}

// fileAnchor keeps the checkpoint in a file, for dev mode and the demo.
type fileAnchor string

func (f fileAnchor) String() string { return "the file " + string(f) }

// Load returns the file's checkpoint; nil when there is no file yet.
func (f fileAnchor) Load(context.Context) ([]byte, error) {
	b, err := os.ReadFile(string(f))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_CHECKPOINT_STATE: %w", err)
	}
	return b, nil
}

// Save writes a temporary file beside it and renames it over the file, so
// that a crash leaves either the old checkpoint or the new one.
func (f fileAnchor) Save(_ context.Context, signed []byte) error {
	tmp := string(f) + ".tmp"
	if err := os.WriteFile(tmp, signed, 0o600); err != nil {
		return fmt.Errorf("ENCLAVE_CHECKPOINT_STATE: %w", err)
	}
	if err := os.Rename(tmp, string(f)); err != nil {
		return fmt.Errorf("ENCLAVE_CHECKPOINT_STATE: %w", err)
	}
	return nil
}

// checkRollback compares the database with the checkpoint kept outside it.
// A rollback found is logged, and the server starts refusing queries
// (readiness says why) until an operator acknowledges it; a comparison that
// cannot be made stops the server.
func checkRollback(ctx context.Context, r *enclave.Rollbacks, log *slog.Logger) error {
	err := r.Check(ctx)
	if enclave.ErrorCode(err) == enclave.CodeRollback {
		log.Error("rollback found: queries are refused until an operator acknowledges it (enclave audit acknowledge-rollback)", "err", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("compare the database with the checkpoint kept outside it (%s): %w", r.Anchor, err)
	}
	return nil
}
