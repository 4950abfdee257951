package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadDefaults(t *testing.T) {
	c, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != ModeProduction || c.Addr != "127.0.0.1:8080" || c.RequestTimeout != 30*time.Second || c.LogFmt != "json" {
		t.Errorf("defaults = %+v", c)
	}
	if c.QueryDatabaseURL != "" || c.QueryStandbyWait != 500*time.Millisecond || c.QueryStandbyFallback != FallbackPrimary {
		t.Errorf("query database %q, wait %s, fallback %q: want none, 500ms and primary", c.QueryDatabaseURL, c.QueryStandbyWait, c.QueryStandbyFallback)
	}
	if c.KeySource != "" || c.PseudonymKeyVersion != 1 {
		t.Errorf("key source %q, version %d: want none (no silent default) and 1", c.KeySource, c.PseudonymKeyVersion)
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		want    []string
	}{
		{"bad mode", []string{"ENCLAVE_MODE=staging"}, []string{"ENCLAVE_MODE", `"staging"`, "production, dev"}},
		{"bad log format", []string{"ENCLAVE_LOG_FORMAT=xml"}, []string{"ENCLAVE_LOG_FORMAT", "json, text"}},
		{"bad level", []string{"ENCLAVE_LOG_LEVEL=loud"}, []string{"ENCLAVE_LOG_LEVEL", "debug, info, warn, error"}},
		{"bad duration", []string{"ENCLAVE_REQUEST_TIMEOUT=soon"}, []string{"ENCLAVE_REQUEST_TIMEOUT"}},
		{"zero duration", []string{"ENCLAVE_SHUTDOWN_TIMEOUT=0s"}, []string{"ENCLAVE_SHUTDOWN_TIMEOUT", "positive"}},
		{"bad int", []string{"ENCLAVE_DATABASE_MAX_CONNS=many"}, []string{"ENCLAVE_DATABASE_MAX_CONNS"}},
		{"small body", []string{"ENCLAVE_MAX_BODY_BYTES=10"}, []string{"ENCLAVE_MAX_BODY_BYTES", "1024"}},
		{"both file and value", []string{"ENCLAVE_TOKEN=x", "ENCLAVE_TOKEN_FILE=/nope"}, []string{"ENCLAVE_TOKEN and ENCLAVE_TOKEN_FILE"}},
		{"missing file", []string{"ENCLAVE_DATABASE_URL_FILE=/does/not/exist"}, []string{"ENCLAVE_DATABASE_URL_FILE", "no such file"}},
		{"bad key source", []string{"ENCLAVE_KEY_SOURCE=file"}, []string{"ENCLAVE_KEY_SOURCE", `"file"`, "vault-transit, vault-kv, dev"}},
		{"unpinned pseudonym key", []string{"ENCLAVE_PSEUDONYM_KEY_VERSION=0"}, []string{"ENCLAVE_PSEUDONYM_KEY_VERSION", "pinned"}},
		{"bad standby fallback", []string{"ENCLAVE_QUERY_STANDBY_FALLBACK=wait"}, []string{"ENCLAVE_QUERY_STANDBY_FALLBACK", `"wait"`, "primary, refuse"}},
		{"negative standby wait", []string{"ENCLAVE_QUERY_STANDBY_WAIT=-1s"}, []string{"ENCLAVE_QUERY_STANDBY_WAIT", "below ENCLAVE_QUERY_TIMEOUT"}},
		{"standby wait past the query's time", []string{"ENCLAVE_QUERY_DATABASE_URL=postgres://standby/enclave", "ENCLAVE_QUERY_STANDBY_WAIT=25s"}, []string{"ENCLAVE_QUERY_STANDBY_WAIT", "below ENCLAVE_QUERY_TIMEOUT"}},
		{"missing query database file", []string{"ENCLAVE_QUERY_DATABASE_URL_FILE=/does/not/exist"}, []string{"ENCLAVE_QUERY_DATABASE_URL_FILE", "no such file"}},
		{"missing pseudonym key file", []string{"ENCLAVE_PSEUDONYM_KEY_FILE=/does/not/exist"}, []string{"ENCLAVE_PSEUDONYM_KEY_FILE", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.environ)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestShortQueryTimeoutWithoutAStandby: the standby wait bounds the query
// timeout only when a standby is configured.
func TestShortQueryTimeoutWithoutAStandby(t *testing.T) {
	c, err := Load([]string{"ENCLAVE_QUERY_TIMEOUT=1ms"})
	if err != nil || c.QueryTimeout != time.Millisecond {
		t.Errorf("a 1ms query timeout without a standby: %v, %v", c.QueryTimeout, err)
	}
}

func TestSecretFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(path, []byte("postgres://svc:hunter2@db.internal:5432/enclave\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load([]string{"ENCLAVE_DATABASE_URL_FILE=" + path})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.DatabaseURL.Reveal(); got != "postgres://svc:hunter2@db.internal:5432/enclave" {
		t.Errorf("DatabaseURL = %q", got)
	}
}

func TestDescribeRedactsSecrets(t *testing.T) {
	c, err := Load([]string{
		"ENCLAVE_DATABASE_URL=postgres://svc:hunter2@db.internal/enclave?password=hunter3",
		"ENCLAVE_TOKEN=enclave_abcdef",
	})
	if err != nil {
		t.Fatal(err)
	}
	var seen int
	for _, s := range c.Describe() {
		if strings.Contains(s.Value, "hunter") || strings.Contains(s.Value, "abcdef") {
			t.Errorf("%s shows a secret: %q", s.Var, s.Value)
		}
		if s.Var == "ENCLAVE_DATABASE_URL" {
			seen++
			if s.Value != "postgres://svc:REDACTED@db.internal/enclave" {
				t.Errorf("ENCLAVE_DATABASE_URL shown as %q", s.Value)
			}
		}
		if s.Description == "" || !strings.HasPrefix(s.Var, "ENCLAVE_") {
			t.Errorf("setting %+v lacks a description or prefix", s)
		}
	}
	if seen != 1 {
		t.Errorf("ENCLAVE_DATABASE_URL listed %d times", seen)
	}
}
