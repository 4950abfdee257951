package vault

import (
	"fmt"
	"log/slog"
	"time"
)

// Config says how to reach Vault. The service fills it from its environment;
// the token comes from a file or a login, never from the repository.
type Config struct {
	Address   string        // Vault's base URL, e.g. https://vault.internal:8200
	Token     string        // client token (never logged: see LogValue)
	Namespace string        // Vault Enterprise namespace; empty for none
	CACert    string        // PEM file of the CA that signed Vault's certificate; empty for the system pool
	Mount     string        // transit mount, default "transit" (for TransitOptions.Mount and NewTransitSigner)
	KVMount   string        // KV version 2 mount, default "secret" (for ReadKVKey)
	Timeout   time.Duration // deadline of each request, default 10s
}

// Defaults for Config, and the key and secret names that the policy
// (deploy/vault/enclave-service.hcl) and the runbook use.
const (
	DefaultMount   = "transit"
	DefaultKVMount = "secret"
	DefaultTimeout = 10 * time.Second

	DefaultHMACKey    = "enclave-pid"     // transit key for pseudonyms (type hmac)
	DefaultSigningKey = "enclave-audit"   // transit key for audit checkpoints (type ed25519)
	DefaultKVPath     = "enclave/pid-key" // KV v2 secret holding the linkage key (vault-kv)
	DefaultKVField    = "key"             // its field with the base64 key material
)

// WithDefaults returns c with empty fields set to their defaults.
func (c Config) WithDefaults() Config {
	if c.Mount == "" {
		c.Mount = DefaultMount
	}
	if c.KVMount == "" {
		c.KVMount = DefaultKVMount
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	return c
}

// LogValue prints the configuration with the token redacted.
func (c Config) LogValue() slog.Value {
	tok := ""
	if c.Token != "" {
		tok = "[redacted]"
	}
	return slog.GroupValue(
		slog.String("address", c.Address), slog.String("token", tok),
		slog.String("namespace", c.Namespace), slog.String("ca_cert", c.CACert),
		slog.String("mount", c.Mount), slog.String("kv_mount", c.KVMount),
		slog.Duration("timeout", c.Timeout),
	)
}

// String prints the configuration with the token redacted, so that %v and
// %+v of a Config are safe to log.
func (c Config) String() string {
	tok := ""
	if c.Token != "" {
		tok = "[redacted]"
	}
	return fmt.Sprintf("{Address:%s Token:%s Namespace:%s CACert:%s Mount:%s KVMount:%s Timeout:%v}",
		c.Address, tok, c.Namespace, c.CACert, c.Mount, c.KVMount, c.Timeout)
}

// GoString is String, for %#v.
func (c Config) GoString() string { return "vault.Config" + c.String() }
