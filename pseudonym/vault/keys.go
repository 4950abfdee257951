package vault

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/vault/api"
)

// keyInfo is what GET <mount>/keys/<name> says about a transit key. It
// never contains key material. "keys" maps each version to its creation
// time (symmetric types) or to an object with its public key (asymmetric
// types); Vault sends no "keys" at all for type "hmac".
type keyInfo struct {
	Name                 string                     `json:"name"`
	Type                 string                     `json:"type"`
	Derived              bool                       `json:"derived"`
	Exportable           bool                       `json:"exportable"`
	LatestVersion        int                        `json:"latest_version"`
	MinAvailableVersion  int                        `json:"min_available_version"`
	MinDecryptionVersion int                        `json:"min_decryption_version"`
	MinEncryptionVersion int                        `json:"min_encryption_version"`
	Keys                 map[string]json.RawMessage `json:"keys"`
}

// readKey reads a transit key's metadata (this needs "read" on
// <mount>/keys/<name> in the service's policy).
func readKey(ctx context.Context, c *api.Client, mount, name string) (keyInfo, error) {
	path := mount + "/keys/" + name
	var k keyInfo
	if err := read(ctx, c, "read transit key", path, nil, &k); err != nil {
		return keyInfo{}, err
	}
	if k.LatestVersion == 0 { // Vault before latest_version was reported
		for v := range k.Keys {
			if n, err := strconv.Atoi(v); err == nil {
				k.LatestVersion = max(k.LatestVersion, n)
			}
		}
	}
	if k.LatestVersion < 1 {
		return keyInfo{}, rejected("read transit key", path, "response has no key version")
	}
	return k, nil
}

// checkUsable reports why version cannot be used to generate (HMAC or sign)
// with key k, or nil. It repeats Vault's own checks, so that a bad pin fails
// at start-up rather than on the first batch.
func (k keyInfo) checkUsable(path string, version int) error {
	switch {
	case version > k.LatestVersion:
		return rejected("check key version", path, fmt.Sprintf("key version %d does not exist; latest is %d", version, k.LatestVersion))
	case k.MinAvailableVersion > 0 && version < k.MinAvailableVersion:
		return rejected("check key version", path, fmt.Sprintf("key version %d has been trimmed (min_available_version %d)", version, k.MinAvailableVersion))
	case k.MinEncryptionVersion > 0 && version < k.MinEncryptionVersion:
		return rejected("check key version", path, fmt.Sprintf("key version %d is below min_encryption_version %d", version, k.MinEncryptionVersion))
	}
	return nil
}

// checkPath rejects a mount or secret path that would change the shape of
// the request's path: empty, absolute, with empty or ".." segments, or with
// characters that would end the path.
func checkPath(what, p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") ||
		strings.Contains(p, "//") || strings.Contains(p, "..") || strings.ContainsAny(p, "?#% \t\n") {
		return fmt.Errorf("vault: invalid %s %q", what, p)
	}
	return nil
}

// checkKeyName is checkPath for a transit key name, which is one segment.
func checkKeyName(name string) error {
	if err := checkPath("key name", name); err != nil {
		return err
	}
	if strings.Contains(name, "/") {
		return fmt.Errorf("vault: invalid key name %q", name)
	}
	return nil
}

// parseVersioned splits Vault's "vault:v<N>:<base64>" into N and the
// decoded bytes. Its errors never quote s.
func parseVersioned(s string) (int, []byte, error) {
	rest, ok := strings.CutPrefix(s, "vault:v")
	if !ok {
		return 0, nil, fmt.Errorf("output has no vault:v prefix")
	}
	ver, b64, ok := strings.Cut(rest, ":")
	if !ok {
		return 0, nil, fmt.Errorf("output has no version separator")
	}
	n, err := strconv.Atoi(ver)
	if err != nil || n < 1 {
		return 0, nil, fmt.Errorf("output has a malformed key version")
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return 0, nil, fmt.Errorf("output is not valid base64")
	}
	return n, b, nil
}
