package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/research-enclave/enclave/enclave/httpapi"
	"github.com/research-enclave/enclave/internal/config"
	"github.com/research-enclave/enclave/pseudonym"
	"github.com/research-enclave/enclave/pseudonym/vault"
)

// newPseudonymiser builds the key source that ENCLAVE_KEY_SOURCE names, with
// the pinned ENCLAVE_PSEUDONYM_KEY_VERSION, and the readiness checks it
// needs. There is no default: with none named it returns nil, the server
// runs, and ingest and opt-out loads answer 503. It logs which source and
// version are in use, never the key.
//
// The result is the pseudonym oracle (invariant 2): hand it to ingest and
// opt-out loads only.
func newPseudonymiser(ctx context.Context, c config.Config, log *slog.Logger) (pseudonym.Pseudonymiser, []httpapi.ReadyCheck, error) {
	var (
		ps     pseudonym.Pseudonymiser
		checks []httpapi.ReadyCheck
		err    error
	)
	switch c.KeySource {
	case "":
		log.Warn("no key source: ENCLAVE_KEY_SOURCE is not set, so ingest and opt-out loads will answer 503")
		return nil, nil, nil
	case config.KeySourceDev:
		ps, err = devPseudonymiser(c)
	case config.KeySourceVaultKV:
		ps, err = kvPseudonymiser(ctx, c)
	case config.KeySourceVaultTransit:
		ps, checks, err = transitPseudonymiser(ctx, c)
	default:
		err = fmt.Errorf("ENCLAVE_KEY_SOURCE %q: accepted values are vault-transit, vault-kv, dev", c.KeySource)
	}
	if err != nil {
		return nil, nil, err
	}
	log.Info("key source", "source", string(c.KeySource), "key_version", ps.KeyVersion(), "dev", ps.Dev())
	return ps, checks, nil
}

// devPseudonymiser keys pseudonyms with ENCLAVE_PSEUDONYM_KEY, in dev mode
// only; they read "dev1." so that they cannot pass for production ones.
func devPseudonymiser(c config.Config) (pseudonym.Pseudonymiser, error) {
	if c.Mode != config.ModeDev {
		return nil, errors.New("ENCLAVE_KEY_SOURCE=dev is for dev mode only (ENCLAVE_MODE=dev): in production, choose vault-transit or vault-kv")
	}
	if c.PseudonymKey == "" {
		return nil, errors.New("ENCLAVE_KEY_SOURCE=dev needs ENCLAVE_PSEUDONYM_KEY_FILE, a file holding the base64 of at least 32 random bytes (for example: openssl rand -base64 32)")
	}
	material, err := base64.StdEncoding.DecodeString(strings.TrimSpace(c.PseudonymKey.Reveal()))
	defer clear(material)
	if err != nil || len(material) < pseudonym.MinKeySize {
		return nil, errors.New("ENCLAVE_PSEUDONYM_KEY: must be the base64 of at least 32 random bytes (for example: openssl rand -base64 32)")
	}
	key, err := pseudonym.NewDevKey(material, c.PseudonymKeyVersion)
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_PSEUDONYM_KEY: %w", err)
	}
	return pseudonym.LocalPseudonymiser{Key: key}, nil
}

// kvPseudonymiser reads the pinned version of the key from Vault KV once, at
// start, and computes pseudonyms in process: an unreachable or sealed Vault,
// or a missing secret, version or field, stops the server from starting.
func kvPseudonymiser(ctx context.Context, c config.Config) (pseudonym.Pseudonymiser, error) {
	client, err := vaultClient(c, "ENCLAVE_KEY_SOURCE=vault-kv")
	if err != nil {
		return nil, err
	}
	material, err := vault.ReadKVKeyVersion(ctx, client, c.VaultKVMount, c.PseudonymKVPath, c.PseudonymKVField, c.PseudonymKeyVersion)
	defer clear(material)
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_KEY_SOURCE=vault-kv: version %d (ENCLAVE_PSEUDONYM_KEY_VERSION) of field %q (ENCLAVE_PSEUDONYM_KV_FIELD) of %s (ENCLAVE_PSEUDONYM_KV_PATH): %w",
			c.PseudonymKeyVersion, c.PseudonymKVField, c.PseudonymKVPath, err)
	}
	key, err := pseudonym.NewKey(material, c.PseudonymKeyVersion)
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_KEY_SOURCE=vault-kv: %w", err)
	}
	return pseudonym.LocalPseudonymiser{Key: key}, nil
}

// transitPseudonymiser has Vault compute every pseudonym with the pinned
// version of the transit key, which never leaves Vault. Vault must answer
// at start; later, while it is sealed or unreachable, loads fail whole and
// the readiness check "key_source" fails.
func transitPseudonymiser(ctx context.Context, c config.Config) (pseudonym.Pseudonymiser, []httpapi.ReadyCheck, error) {
	client, err := vaultClient(c, "ENCLAVE_KEY_SOURCE=vault-transit")
	if err != nil {
		return nil, nil, err
	}
	h, err := vault.NewTransitHMAC(ctx, client, c.PseudonymTransitKey, c.PseudonymKeyVersion, vault.TransitOptions{Mount: c.VaultTransitMount})
	if err != nil {
		return nil, nil, fmt.Errorf("ENCLAVE_KEY_SOURCE=vault-transit: version %d (ENCLAVE_PSEUDONYM_KEY_VERSION) of key %s (ENCLAVE_PSEUDONYM_TRANSIT_KEY): %w",
			c.PseudonymKeyVersion, c.PseudonymTransitKey, err)
	}
	return vault.NewTransitPseudonymiser(h), []httpapi.ReadyCheck{vaultReadyCheck("key_source", client)}, nil
}

// vaultClient returns a client for the Vault at ENCLAVE_VAULT_ADDR; setting
// names what needs it, for the error when Vault is not configured.
func vaultClient(c config.Config, setting string) (*vault.Client, error) {
	if c.VaultAddr == "" || c.VaultToken == "" {
		return nil, fmt.Errorf("%s needs ENCLAVE_VAULT_ADDR and ENCLAVE_VAULT_TOKEN", setting)
	}
	client, err := vault.NewClient(vault.Config{
		Address: c.VaultAddr, Token: c.VaultToken.Reveal(), Mount: c.VaultTransitMount, KVMount: c.VaultKVMount,
		Timeout: c.VaultTimeout,
	})
	if err != nil {
		return nil, fmt.Errorf("ENCLAVE_VAULT_ADDR: %w", err)
	}
	return client, nil
}
