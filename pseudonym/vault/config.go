package vault

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/hashicorp/vault/api"
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

// NewClient returns a Vault API client for cfg.
//
// The api package reads VAULT_* environment variables on its own (address,
// token, namespace, TLS, retries, rate limit). NewClient overrides every one
// of them that matters here, so that only cfg decides: the address, token and
// namespace are cfg's; TLS verification is always on (VAULT_SKIP_VERIFY is
// ignored); the request timeout is cfg.Timeout; the client-side rate limiter
// is off; and MaxRetries is 0, because the client's built-in retries (2 by
// default, 1–1.5 s apart, on every 5xx including "sealed") would multiply
// with this package's own and are not bounded by its backoff policy.
func NewClient(cfg Config) (*api.Client, error) {
	cfg = cfg.WithDefaults()
	switch {
	case cfg.Address == "":
		return nil, errors.New("vault: no address configured")
	case cfg.Token == "":
		return nil, errors.New("vault: no token configured")
	}
	ac := api.DefaultConfig()
	if ac.Error != nil {
		return nil, fmt.Errorf("vault: client defaults: %w", ac.Error)
	}
	ac.Address = cfg.Address
	ac.Timeout = cfg.Timeout
	ac.MaxRetries = 0
	ac.Limiter = nil
	if cfg.CACert != "" {
		if err := ac.ConfigureTLS(&api.TLSConfig{CACert: cfg.CACert}); err != nil {
			return nil, fmt.Errorf("vault: CA certificate %s: %w", cfg.CACert, err)
		}
	}
	if tr, ok := ac.HttpClient.Transport.(*http.Transport); ok && tr.TLSClientConfig != nil {
		tr.TLSClientConfig.InsecureSkipVerify = false
	}
	c, err := api.NewClient(ac)
	if err != nil {
		return nil, fmt.Errorf("vault: client: %w", err)
	}
	c.SetToken(cfg.Token)
	if cfg.Namespace != "" {
		c.SetNamespace(cfg.Namespace)
	} else {
		c.ClearNamespace()
	}
	return c, nil
}
