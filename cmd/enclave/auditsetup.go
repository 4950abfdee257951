package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/enclave/httpapi"
	"github.com/research-enclave/enclave/enclave/postgres"
	"github.com/research-enclave/enclave/internal/config"
	"github.com/research-enclave/enclave/pseudonym/vault"
)

// newAudit builds the audit service from the configuration: the HMAC key of
// sensitive fields and the checkpoint signer, which is chosen explicitly (a
// key file only in dev mode). It also returns the readiness checks the
// signer needs.
func newAudit(ctx context.Context, c config.Config, db *postgres.DB) (*enclave.Audit, []httpapi.ReadyCheck, error) {
	key, err := base64.StdEncoding.DecodeString(c.AuditHMACKey.Reveal())
	if err != nil || len(key) < 32 {
		return nil, nil, errors.New("ENCLAVE_AUDIT_HMAC_KEY: must be the base64 of at least 32 random bytes (for example: openssl rand -base64 32)")
	}
	signer, vkey, checks, err := checkpointSigner(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	if signer.Name() != c.AuditOrigin {
		return nil, nil, fmt.Errorf("the checkpoint key is named %q but ENCLAVE_AUDIT_ORIGIN is %q: they must match", signer.Name(), c.AuditOrigin)
	}
	return &enclave.Audit{
		Store: &postgres.AuditStore{DB: db}, Origin: c.AuditOrigin, VerifierKey: vkey, HMACKey: key, Now: time.Now,
		Sign: func(cp audit.Checkpoint) ([]byte, error) { return audit.SignCheckpoint(cp, signer) },
	}, checks, nil
}

func checkpointSigner(ctx context.Context, c config.Config) (note.Signer, string, []httpapi.ReadyCheck, error) {
	switch c.AuditSigner {
	case config.SignerFile:
		if c.Mode != config.ModeDev {
			return nil, "", nil, errors.New("ENCLAVE_AUDIT_SIGNER=file is for dev mode only (ENCLAVE_MODE=dev): in production, checkpoints are signed with vault-transit")
		}
		s, err := note.NewSigner(c.AuditSigningKey.Reveal())
		if err != nil {
			return nil, "", nil, errors.New("ENCLAVE_AUDIT_SIGNING_KEY: not a signing key (make one with 'enclave audit keygen')")
		}
		vkey, err := audit.DevVerifierKey(c.AuditSigningKey.Reveal())
		return s, vkey, nil, err
	case config.SignerVaultTransit:
		client, err := vaultClient(c, "ENCLAVE_AUDIT_SIGNER=vault-transit")
		if err != nil {
			return nil, "", nil, err
		}
		s, err := vault.NewTransitSigner(ctx, client, c.VaultTransitMount, c.AuditVaultKey, c.AuditOrigin, c.AuditVaultKeyVersion, c.VaultTimeout)
		if err != nil {
			return nil, "", nil, fmt.Errorf("checkpoint signer (ENCLAVE_AUDIT_VAULT_KEY %s): %w", c.AuditVaultKey, err)
		}
		return s, s.VerifierKey(), []httpapi.ReadyCheck{vaultReadyCheck("vault", client)}, nil
	}
	return nil, "", nil, errors.New("ENCLAVE_AUDIT_SIGNER is not set: choose vault-transit, or file in dev mode")
}

// signCheckpoints signs a checkpoint every interval while the log grows,
// until ctx ends. Several replicas may do this; they store one checkpoint per
// size.
func signCheckpoints(ctx context.Context, a *enclave.Audit, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := a.Checkpoint(ctx, true); err != nil && ctx.Err() == nil {
				log.WarnContext(ctx, "periodic checkpoint failed", "err", err)
			}
		}
	}
}
