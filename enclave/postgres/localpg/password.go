package localpg

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const (
	superuser    = "enclave_admin"
	passwordFile = "superuser.password"
)

// loadOrCreatePassword returns the superuser password kept in
// dir/superuser.password, generating it on first use. The file is mode 0600
// and owned by the server user.
func loadOrCreatePassword(dir string, u *serverUser) (string, error) {
	path := filepath.Join(dir, passwordFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		pw := strings.TrimSpace(string(b))
		if pw == "" {
			return "", fmt.Errorf("localpg: password file %s is empty; remove it (and the data dir) to start afresh", path)
		}
		return pw, securePasswordFile(path, u)
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("localpg: read password file: %w", err)
	}
	pw, err := newPassword()
	if err != nil {
		return "", err
	}
	if err := writeSecret(path, pw, u); err != nil {
		return "", err
	}
	return pw, nil
}

func newPassword() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("localpg: generate password: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// writeSecret creates path (which must not exist) holding secret, mode 0600, owned by u.
func writeSecret(path, secret string, u *serverUser) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("localpg: create %s: %w", path, err)
	}
	_, err = f.WriteString(secret + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("localpg: write %s: %w", path, err)
	}
	return u.chown(path)
}

func securePasswordFile(path string, u *serverUser) error {
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("localpg: chmod %s: %w", path, err)
	}
	return u.chown(path)
}
