package vault_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/research-enclave/enclave/pseudonym/vault"
	"github.com/research-enclave/enclave/pseudonym/vault/vaulttest"
)

func TestNewClientNeedsAddressAndToken(t *testing.T) {
	t.Parallel()
	for _, cfg := range []vault.Config{{Token: "t"}, {Address: "http://127.0.0.1:8200"}} {
		if _, err := vault.NewClient(cfg); err == nil {
			t.Errorf("NewClient(%+v) accepted", cfg)
		}
	}
}

// TestNewClientIgnoresEnvironment checks that the api package's own reading
// of VAULT_* variables cannot override the configuration. Not parallel:
// it sets environment variables.
func TestNewClientIgnoresEnvironment(t *testing.T) {
	t.Setenv("VAULT_TOKEN", "from-env")
	t.Setenv("VAULT_MAX_RETRIES", "7")
	t.Setenv("VAULT_CLIENT_TIMEOUT", "600")
	t.Setenv("VAULT_NAMESPACE", "env-ns")
	s := vaulttest.NewServer(t)

	c, err := vault.NewClient(vault.Config{Address: s.Addr(), Token: s.Token()})
	if err != nil {
		t.Fatal(err)
	}

	if a := vault.APIClient(c); a.Token() != s.Token() || a.MaxRetries() != 0 || a.ClientTimeout() != vault.DefaultTimeout || a.Namespace() != "" {
		t.Errorf("client: token from config %v, retries %d, timeout %v, namespace %q",
			a.Token() == s.Token(), a.MaxRetries(), a.ClientTimeout(), a.Namespace())
	}
	if err := vault.Ready(ctxFor(t), c); err != nil {
		t.Errorf("Ready: %v", err)
	}
}

func TestConfigDefaultsAndRedaction(t *testing.T) {
	t.Parallel()
	cfg := vault.Config{Address: "https://vault:8200", Token: "hvs.SECRET"}.WithDefaults()
	if cfg.Mount != "transit" || cfg.KVMount != "secret" || cfg.Timeout != 10*time.Second {
		t.Errorf("defaults = %+v", cfg)
	}
	var b strings.Builder
	slog.New(slog.NewJSONHandler(&b, nil)).Info("vault", "config", cfg)
	if strings.Contains(b.String(), "SECRET") || !strings.Contains(b.String(), "[redacted]") {
		t.Errorf("logged config: %s", b.String())
	}
	if out := fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg); strings.Contains(out, "SECRET") {
		t.Errorf("printed config holds the token: %s", out)
	}
}
