package vault

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/vault/api"
)

// Client is a connection to one Vault, for the key sources, signer and
// readiness check of this package. It keeps the Vault API client to
// itself, so that the service depends on this package and not on Vault's
// client library, and every call goes through this package's timeouts,
// retries and error kinds.
type Client struct {
	api *api.Client
}

// NewClient returns a client of the Vault cfg names.
//
// The api package reads VAULT_* environment variables on its own (address,
// token, namespace, TLS, retries, rate limit). NewClient overrides every one
// of them that matters here, so that only cfg decides: the address, token and
// namespace are cfg's; TLS verification is always on (VAULT_SKIP_VERIFY is
// ignored); the request timeout is cfg.Timeout; the client-side rate limiter
// is off; and MaxRetries is 0, because the client's built-in retries (2 by
// default, 1–1.5 s apart, on every 5xx including "sealed") would multiply
// with this package's own and are not bounded by its backoff policy.
func NewClient(cfg Config) (*Client, error) {
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
	return &Client{api: c}, nil
}
