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
// kept in dir (mode 0600): the checkpoint signing key and the audit HMAC
// key. Production takes them from Vault and secret files instead.
func useDemoKeys(c *config.Config, dir string) error {
	skey, err := readOrCreate(filepath.Join(dir, "audit-signing.key"), func() (string, error) {
		skey, _, err := audit.NewDevSigner(c.AuditOrigin)
		return skey, err
	})
	if err != nil {
		return err
	}
	hmacKey, err := readOrCreate(filepath.Join(dir, "audit-hmac.key"), func() (string, error) {
		b := make([]byte, 32)
		_, err := rand.Read(b)
		return base64.StdEncoding.EncodeToString(b), err
	})
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
	c.Mode, c.AuditSigner = config.ModeDev, config.SignerFile
	c.AuditSigningKey, c.AuditHMACKey = config.Secret(skey), config.Secret(hmacKey)
	return nil
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
