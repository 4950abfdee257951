package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/research-enclave/enclave/enclave/audit"
	"github.com/research-enclave/enclave/internal/config"
)

// useDemoKeys gives the demo its development keys, made on first start and
// kept in dir (mode 0600): the checkpoint signing key, the audit HMAC key
// and the dev key source's pseudonym key. Production takes them from Vault
// and secret files instead.
func useDemoKeys(c *config.Config, dir string) error {
	skey, err := readOrCreate(filepath.Join(dir, "audit-signing.key"), func() (string, error) {
		skey, _, err := audit.NewDevSigner(c.AuditOrigin)
		return skey, err
	})
	if err != nil {
		return err
	}
	hmacKey, err := readOrCreate(filepath.Join(dir, "audit-hmac.key"), randomKey)
	if err != nil {
		return err
	}
	// Kept across restarts: a new key would give the same people new pids.
	pidKey, err := readOrCreate(filepath.Join(dir, "pseudonym.key"), randomKey)
	if err != nil {
		return err
	}
	vkey, err := audit.DevVerifierKey(skey)
	if err != nil {
		return fmt.Errorf("demo signing key: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "audit.vkey"), []byte(vkey+"\n"), 0o644); err != nil {
		return err
	}
	if c.CheckpointState == "" {
		c.CheckpointState = filepath.Join(dir, "audit-checkpoint") // removed with the cluster by --reset
	}
	c.Mode, c.AuditSigner, c.KeySource = config.ModeDev, config.SignerFile, config.KeySourceDev
	c.AuditSigningKey, c.AuditHMACKey, c.PseudonymKey = config.Secret(skey), config.Secret(hmacKey), config.Secret(pidKey)
	return nil
}

// randomKey is the base64 of 32 random bytes.
func randomKey() (string, error) {
	b := make([]byte, 32)
	_, err := rand.Read(b)
	return base64.StdEncoding.EncodeToString(b), err
}

func readOrCreate(path string, create func() (string, error)) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	v, err := create()
	if err != nil {
		return "", err
	}
	return v, os.WriteFile(path, []byte(v+"\n"), 0o600)
}
