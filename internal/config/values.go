package config

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// Mode is production or dev. Only dev mode accepts development-only key
// material, such as the demo's local key file.
type Mode string

// The modes.
const (
	ModeProduction Mode = "production"
	ModeDev        Mode = "dev"
)

func (m *Mode) UnmarshalText(b []byte) error {
	return oneOf((*string)(m), string(b), "production", "dev")
}

// Signer names what signs audit checkpoints. It has no default: an operator
// chooses it explicitly.
type Signer string

// The checkpoint signers.
const (
	SignerVaultTransit Signer = "vault-transit"
	SignerFile         Signer = "file"
)

func (s *Signer) UnmarshalText(b []byte) error {
	return oneOf((*string)(s), string(b), "vault-transit", "file")
}

// KeySource names where the pseudonym key lives. It has no default: without
// one the server runs, but nothing can be pseudonymised.
type KeySource string

// The key sources (see pseudonym/vault's package documentation for which to
// use when).
const (
	KeySourceVaultTransit KeySource = "vault-transit"
	KeySourceVaultKV      KeySource = "vault-kv"
	KeySourceDev          KeySource = "dev"
)

func (k *KeySource) UnmarshalText(b []byte) error {
	return oneOf((*string)(k), string(b), "vault-transit", "vault-kv", "dev")
}

// StandbyFallback is what a query does when the standby it would run on
// has not caught up with the primary in time, or cannot answer.
type StandbyFallback string

// The fallbacks.
const (
	FallbackPrimary StandbyFallback = "primary" // run on the primary
	FallbackRefuse  StandbyFallback = "refuse"  // fail as unavailable (503)
)

func (f *StandbyFallback) UnmarshalText(b []byte) error {
	return oneOf((*string)(f), string(b), "primary", "refuse")
}

// Format is the log format: json or text.
type Format string

func (f *Format) UnmarshalText(b []byte) error {
	return oneOf((*string)(f), string(b), "json", "text")
}

// Level is a log level.
type Level slog.Level

func (l *Level) UnmarshalText(b []byte) error {
	var s string
	if err := oneOf(&s, strings.ToLower(string(b)), "debug", "info", "warn", "error"); err != nil {
		return err
	}
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(s))
	*l = Level(lv)
	return nil
}

func (l Level) String() string { return strings.ToLower(slog.Level(l).String()) }

func oneOf(dst *string, v string, accepted ...string) error {
	for _, a := range accepted {
		if v == a {
			*dst = v
			return nil
		}
	}
	return fmt.Errorf("invalid value %q: accepted values are %s", v, strings.Join(accepted, ", "))
}

// Secret is a value that must never be printed or logged whole.
type Secret string

// String redacts the secret. A URL keeps its scheme, user and host, so that an
// operator can tell which server is meant.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	if u, err := url.Parse(string(s)); err == nil && u.Scheme != "" && u.Host != "" {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "REDACTED")
		}
		u.RawQuery = ""
		return u.String()
	}
	return "REDACTED"
}

// LogValue redacts the secret in structured logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Reveal returns the secret itself, for the one place that uses it.
func (s Secret) Reveal() string { return string(s) }
