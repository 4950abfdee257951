// Package config reads the enclave's configuration from ENCLAVE_* environment
// variables into a typed struct. Secrets may instead be given as files
// (ENCLAVE_X_FILE), and print redacted. A wrong value is an error that names
// the variable and the accepted values.
package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Config is the effective configuration. The desc tag feeds `enclave config`
// and the README's configuration table.
type Config struct {
	Mode     Mode   `env:"ENCLAVE_MODE" envDefault:"production" desc:"production or dev; dev allows the demo's local key file"`
	Addr     string `env:"ENCLAVE_ADDR" envDefault:"127.0.0.1:8080" desc:"server: listen address; client commands: the server's address or URL"`
	Token    Secret `env:"ENCLAVE_TOKEN" secret:"true" desc:"client commands: the API token to send"`
	LogLevel Level  `env:"ENCLAVE_LOG_LEVEL" envDefault:"info" desc:"debug, info, warn or error"`
	LogFmt   Format `env:"ENCLAVE_LOG_FORMAT" envDefault:"json" desc:"json or text"`

	DatabaseURL        Secret `env:"ENCLAVE_DATABASE_URL" secret:"true" desc:"PostgreSQL URL the server connects with (the service role)"`
	MigrateDatabaseURL Secret `env:"ENCLAVE_MIGRATE_DATABASE_URL" secret:"true" desc:"PostgreSQL URL of the owner role, for migrations only; never the service role"`
	ServiceRole        string `env:"ENCLAVE_DATABASE_SERVICE_ROLE" envDefault:"enclave_service" desc:"database role that migrations grant the service's privileges to"`
	DatabaseMaxConns   int32  `env:"ENCLAVE_DATABASE_MAX_CONNS" envDefault:"16" desc:"connection pool size"`

	QueryDatabaseURL     Secret          `env:"ENCLAVE_QUERY_DATABASE_URL" secret:"true" desc:"optional: a hot standby (streaming replica) of ENCLAVE_DATABASE_URL's server, connected to as the same service role, on which the research queries run; everything written stays on the primary (docs/operations.md)"`
	QueryStandbyWait     time.Duration   `env:"ENCLAVE_QUERY_STANDBY_WAIT" envDefault:"500ms" desc:"how long a query waits for the standby to replay the primary's WAL up to where it was when the query started"`
	QueryStandbyFallback StandbyFallback `env:"ENCLAVE_QUERY_STANDBY_FALLBACK" envDefault:"primary" desc:"when the standby has not caught up within ENCLAVE_QUERY_STANDBY_WAIT, or cannot answer: primary (the query runs there) or refuse (503, audited)"`

	MaxBodyBytes    int64         `env:"ENCLAVE_MAX_BODY_BYTES" envDefault:"1048576" desc:"largest request body accepted, in bytes"`
	MaxUploadBytes  int64         `env:"ENCLAVE_MAX_UPLOAD_BYTES" envDefault:"1073741824" desc:"largest streamed upload (an opt-out list or a dataset load) accepted, in bytes"`
	RequestTimeout  time.Duration `env:"ENCLAVE_REQUEST_TIMEOUT" envDefault:"30s" desc:"deadline for handling one request"`
	ShutdownTimeout time.Duration `env:"ENCLAVE_SHUTDOWN_TIMEOUT" envDefault:"15s" desc:"how long a graceful shutdown waits for requests in flight"`

	WebSessionIdle   time.Duration `env:"ENCLAVE_WEB_SESSION_IDLE" envDefault:"30m" desc:"web pages: a session unused this long ends and its user signs in again (docs/web.md)"`
	WebSecureCookies bool          `env:"ENCLAVE_WEB_SECURE_COOKIES" envDefault:"false" desc:"web pages: mark the session cookie Secure even when the request reached the server without TLS (set it behind a TLS-terminating proxy)"`

	OIDCIssuer         string `env:"ENCLAVE_OIDC_ISSUER" desc:"web sign-in: the OpenID provider's issuer URL; set, the pages offer sign-in with it (docs/signin.md)"`
	OIDCClientID       string `env:"ENCLAVE_OIDC_CLIENT_ID" desc:"web sign-in: the enclave's client id at the provider, which ID tokens must name as their audience"`
	OIDCClientSecret   Secret `env:"ENCLAVE_OIDC_CLIENT_SECRET" secret:"true" desc:"web sign-in: the enclave's client secret at the provider"`
	OIDCRedirectURL    string `env:"ENCLAVE_OIDC_REDIRECT_URL" desc:"web sign-in: the enclave's /signin/oidc/callback, absolute, as registered with the provider"`
	OIDCPrincipalClaim string `env:"ENCLAVE_OIDC_PRINCIPAL_CLAIM" envDefault:"sub" desc:"web sign-in: the ID token claim that is the principal id"`
	OIDCRoleClaim      string `env:"ENCLAVE_OIDC_ROLE_CLAIM" desc:"web sign-in: the ID token claim listing the person's roles or groups at the provider"`
	OIDCRoles          string `env:"ENCLAVE_OIDC_ROLES" desc:"web sign-in: which role claim values give which enclave role, value=role pairs separated by commas"`
	OIDCNameClaim      string `env:"ENCLAVE_OIDC_NAME_CLAIM" desc:"web sign-in: the claim shown as the person's name (default name, then preferred_username)"`

	CatalogueDir string `env:"ENCLAVE_CATALOGUE_DIR" desc:"directory of dataset catalogue files (*.yaml); dev mode falls back to the demo catalogue"`
	MappingDir   string `env:"ENCLAVE_MAPPING_DIR" desc:"directory of dataset mapping files (*.yaml) that loads may name; dev mode falls back to the demo mappings; unset in production: no loads"`

	QueryTimeout      time.Duration `env:"ENCLAVE_QUERY_TIMEOUT" envDefault:"25s" desc:"statement timeout of one query; below ENCLAVE_REQUEST_TIMEOUT"`
	QueryMaxCells     int           `env:"ENCLAVE_QUERY_MAX_CELLS" envDefault:"10000" desc:"most cells (result rows, margins included) one answer may have"`
	QueryMaxGroupBy   int           `env:"ENCLAVE_QUERY_MAX_GROUP_BY" envDefault:"4" desc:"most group-by columns in one query"`
	QueryMaxProtected int           `env:"ENCLAVE_QUERY_MAX_PROTECTED_CELLS" envDefault:"1500" desc:"most cells of an answer with totals, whose hidden cells disclosure control must protect against subtraction; larger ones are refused before they run (docs/disclosure.md)"`
	QueryCacheRows    int64         `env:"ENCLAVE_QUERY_CACHE_ROWS" envDefault:"60000000" desc:"most rows of the research datasets held in memory, column by column, to answer queries in a fraction of a second (about 40 bytes a row); a dataset that would pass it is left to SQL; 0 turns the cache off (docs/queries.md)"`
	Differencing      bool          `env:"ENCLAVE_DIFFERENCING" envDefault:"true" desc:"keep each project's differencing ledger and withhold cells too close to earlier ones (docs/differencing.md)"`
	LedgerCells       int           `env:"ENCLAVE_DIFFERENCING_CACHE_CELLS" envDefault:"500000" desc:"most cells of differencing ledgers the server keeps in memory, about 200 bytes each; the projects checked least recently are dropped first and read again when next needed"`

	ApprovalsRequired          int `env:"ENCLAVE_APPROVALS_REQUIRED" envDefault:"1" desc:"distinct governance officers who must approve a project using only standard datasets; enclave migrate records it for the database to enforce too, and the server refuses to start with another (docs/governance.md)"`
	ApprovalsRequiredSensitive int `env:"ENCLAVE_APPROVALS_REQUIRED_SENSITIVE" envDefault:"2" desc:"distinct governance officers who must approve a project using any sensitive dataset; recorded and checked like ENCLAVE_APPROVALS_REQUIRED"`
	ReviewApprovalsRequired    int `env:"ENCLAVE_REVIEW_APPROVALS_REQUIRED" envDefault:"2" desc:"distinct governance officers, never the requester, who must approve a result held for output review before it is released; recorded and checked like ENCLAVE_APPROVALS_REQUIRED (docs/review.md)"`

	OptOutMaxAge time.Duration `env:"ENCLAVE_OPTOUT_MAX_AGE" envDefault:"840h" desc:"an opt-out list older than this from its as-of date is stale, and projects that need it get no data until a fresh one is loaded (840h = 35 days)"`

	AuditOrigin             string        `env:"ENCLAVE_AUDIT_ORIGIN" envDefault:"enclave.local/audit" desc:"the audit log's name in its signed checkpoints"`
	AuditHMACKey            Secret        `env:"ENCLAVE_AUDIT_HMAC_KEY" secret:"true" desc:"base64 key of at least 32 bytes for the HMACs of sensitive audit fields"`
	AuditSigner             Signer        `env:"ENCLAVE_AUDIT_SIGNER" desc:"what signs audit checkpoints: vault-transit, or file (dev mode only)"`
	AuditSigningKey         Secret        `env:"ENCLAVE_AUDIT_SIGNING_KEY" secret:"true" desc:"file signer: the checkpoint signing key (from 'enclave audit keygen')"`
	AuditVaultKey           string        `env:"ENCLAVE_AUDIT_VAULT_KEY" envDefault:"enclave-audit" desc:"vault-transit signer: the ed25519 transit key"`
	AuditVaultKeyVersion    int           `env:"ENCLAVE_AUDIT_VAULT_KEY_VERSION" envDefault:"1" desc:"vault-transit signer: the pinned key version"`
	AuditCheckpointInterval time.Duration `env:"ENCLAVE_AUDIT_CHECKPOINT_INTERVAL" envDefault:"1m" desc:"how often a checkpoint is signed when the log has grown"`
	CheckpointState         string        `env:"ENCLAVE_CHECKPOINT_STATE" desc:"dev mode: the file that keeps the latest signed checkpoint outside the database, so that a restored older backup is found (docs/operations.md); unset, it is kept in Vault KV when ENCLAVE_VAULT_ADDR is set"`
	CheckpointKVPath        string        `env:"ENCLAVE_CHECKPOINT_KV_PATH" envDefault:"enclave/audit-checkpoint" desc:"with Vault: the KV version 2 secret that keeps the latest signed checkpoint outside the database, created empty by an administrator (deploy/vault/RUNBOOK.md)"`

	KeySource           KeySource `env:"ENCLAVE_KEY_SOURCE" desc:"where the pseudonym key lives: vault-transit, vault-kv, or dev (dev mode only); if unset, ingest and opt-out loads answer 503"`
	PseudonymKey        Secret    `env:"ENCLAVE_PSEUDONYM_KEY" secret:"true" desc:"dev key source: the key, base64 of at least 32 random bytes"`
	PseudonymKeyVersion int       `env:"ENCLAVE_PSEUDONYM_KEY_VERSION" envDefault:"1" desc:"the pinned pseudonym key version: of the transit key (vault-transit), the KV secret (vault-kv) or the dev key"`
	PseudonymTransitKey string    `env:"ENCLAVE_PSEUDONYM_TRANSIT_KEY" envDefault:"enclave-pid" desc:"vault-transit key source: the hmac transit key"`
	PseudonymKVPath     string    `env:"ENCLAVE_PSEUDONYM_KV_PATH" envDefault:"enclave/pid-key" desc:"vault-kv key source: the KV version 2 secret holding the key"`
	PseudonymKVField    string    `env:"ENCLAVE_PSEUDONYM_KV_FIELD" envDefault:"key" desc:"vault-kv key source: the secret's field holding the base64 key"`

	VaultAddr         string        `env:"ENCLAVE_VAULT_ADDR" desc:"Vault's address, e.g. https://vault.internal:8200"`
	VaultToken        Secret        `env:"ENCLAVE_VAULT_TOKEN" secret:"true" desc:"Vault token of the service"`
	VaultTransitMount string        `env:"ENCLAVE_VAULT_TRANSIT_MOUNT" envDefault:"transit" desc:"mount path of Vault's transit engine"`
	VaultKVMount      string        `env:"ENCLAVE_VAULT_KV_MOUNT" envDefault:"secret" desc:"mount path of Vault's KV version 2 engine"`
	VaultTimeout      time.Duration `env:"ENCLAVE_VAULT_TIMEOUT" envDefault:"10s" desc:"deadline of each request to Vault; a Vault slower than this fails the load, which retries three times first"`

	BootstrapPrincipal  string `env:"ENCLAVE_BOOTSTRAP_PRINCIPAL" envDefault:"operator" desc:"id of the first operator, created on first start"`
	BootstrapTokenFile  string `env:"ENCLAVE_BOOTSTRAP_TOKEN_FILE" desc:"file holding the first operator's token (from 'enclave token generate'); without it a token is printed once"`
	BootstrapGovernance string `env:"ENCLAVE_BOOTSTRAP_GOVERNANCE" desc:"enclave migrate: the first governance officers, id=sha256:<hex> pairs separated by commas (each the hash, from 'enclave token hash', of a token the officer generated and keeps); enrolled once, while there is no officer"`
	PGBinDir            string `env:"ENCLAVE_PG_BINDIR" desc:"PostgreSQL server binaries for the demo and tests (default: discovered)"`
}

// Load reads the configuration from getenv-style lookups over environ
// ("KEY=value" strings, as os.Environ returns).
func Load(environ []string) (Config, error) {
	vars := Environ(environ)
	if err := resolveFiles(vars); err != nil {
		return Config{}, err
	}
	var c Config
	if err := env.ParseWithOptions(&c, env.Options{Environment: vars}); err != nil {
		return Config{}, explain(err)
	}
	return c, c.validate()
}

func (c Config) validate() error {
	switch {
	case c.DatabaseMaxConns < 1:
		return errors.New("ENCLAVE_DATABASE_MAX_CONNS: must be at least 1")
	case c.MaxBodyBytes < 1024:
		return errors.New("ENCLAVE_MAX_BODY_BYTES: must be at least 1024")
	case c.MaxUploadBytes < c.MaxBodyBytes:
		return errors.New("ENCLAVE_MAX_UPLOAD_BYTES: must not be below ENCLAVE_MAX_BODY_BYTES")
	case c.OptOutMaxAge < 24*time.Hour:
		return errors.New("ENCLAVE_OPTOUT_MAX_AGE: must be at least a day, such as 840h (35 days)")
	case c.RequestTimeout <= 0:
		return errors.New("ENCLAVE_REQUEST_TIMEOUT: must be a positive duration such as 30s")
	case c.ShutdownTimeout <= 0:
		return errors.New("ENCLAVE_SHUTDOWN_TIMEOUT: must be a positive duration such as 15s")
	case c.WebSessionIdle < time.Minute:
		return errors.New("ENCLAVE_WEB_SESSION_IDLE: must be at least 1m, such as 30m")
	case c.ServiceRole == "":
		return errors.New("ENCLAVE_DATABASE_SERVICE_ROLE: must not be empty")
	case c.AuditCheckpointInterval < time.Second:
		return errors.New("ENCLAVE_AUDIT_CHECKPOINT_INTERVAL: must be at least 1s")
	case c.QueryTimeout <= 0 || c.QueryTimeout >= c.RequestTimeout:
		return errors.New("ENCLAVE_QUERY_TIMEOUT: must be a positive duration below ENCLAVE_REQUEST_TIMEOUT")
	case c.QueryStandbyWait < 0 || (c.QueryDatabaseURL != "" && c.QueryStandbyWait >= c.QueryTimeout):
		// Without a standby the wait is unused, so it does not bound the
		// query timeout.
		return errors.New("ENCLAVE_QUERY_STANDBY_WAIT: must be a duration from 0 (use the standby only when it has already caught up) to below ENCLAVE_QUERY_TIMEOUT, such as 500ms")
	case c.QueryCacheRows < 0:
		return errors.New("ENCLAVE_QUERY_CACHE_ROWS: must be 0 (no cache) or more")
	case c.QueryMaxCells < 1 || c.QueryMaxGroupBy < 1 || c.QueryMaxProtected < 1:
		return errors.New("ENCLAVE_QUERY_MAX_CELLS, ENCLAVE_QUERY_MAX_GROUP_BY and ENCLAVE_QUERY_MAX_PROTECTED_CELLS: must be at least 1")
	case c.ApprovalsRequired < 1:
		return errors.New("ENCLAVE_APPROVALS_REQUIRED: must be at least 1")
	case c.ApprovalsRequiredSensitive < c.ApprovalsRequired:
		return errors.New("ENCLAVE_APPROVALS_REQUIRED_SENSITIVE: must not be below ENCLAVE_APPROVALS_REQUIRED")
	case c.ReviewApprovalsRequired < 1:
		return errors.New("ENCLAVE_REVIEW_APPROVALS_REQUIRED: must be at least 1")
	case c.AuditVaultKeyVersion < 1:
		return errors.New("ENCLAVE_AUDIT_VAULT_KEY_VERSION: must be a pinned version, 1 or more")
	case c.PseudonymKeyVersion < 1:
		return errors.New("ENCLAVE_PSEUDONYM_KEY_VERSION: must be a pinned version, 1 or more")
	case c.VaultTimeout <= 0:
		return errors.New("ENCLAVE_VAULT_TIMEOUT: must be a positive duration such as 10s")
	}
	return nil
}

// resolveFiles replaces ENCLAVE_X_FILE by the file's content as ENCLAVE_X,
// for every secret field.
func resolveFiles(vars map[string]string) error {
	for _, f := range fields() {
		if !f.secret {
			continue
		}
		path, ok := vars[f.key+"_FILE"]
		if !ok {
			continue
		}
		if _, both := vars[f.key]; both {
			return fmt.Errorf("%s and %s_FILE are both set: use one", f.key, f.key)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%s_FILE: %w", f.key, err)
		}
		vars[f.key] = strings.TrimRight(string(b), "\r\n")
	}
	return nil
}

// explain rewrites the library's errors, which name Go fields, to name the
// environment variable instead.
func explain(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return err
	}
	var msgs []string
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			msgs = append(msgs, fmt.Sprintf("%s: %v", keyOf(pe.Name), pe.Err))
			continue
		}
		msgs = append(msgs, e.Error())
	}
	return errors.New(strings.Join(msgs, "; "))
}

type field struct {
	name, key, def, desc string
	secret               bool
}

func fields() []field {
	t := reflect.TypeOf(Config{})
	out := make([]field, 0, t.NumField())
	for i := range t.NumField() {
		sf := t.Field(i)
		out = append(out, field{
			name: sf.Name, key: sf.Tag.Get("env"), def: sf.Tag.Get("envDefault"),
			desc: sf.Tag.Get("desc"), secret: sf.Tag.Get("secret") == "true",
		})
	}
	return out
}

func keyOf(fieldName string) string {
	for _, f := range fields() {
		if f.name == fieldName {
			return f.key
		}
	}
	return fieldName
}

// Environ turns "KEY=value" strings into a map, the later value winning.
func Environ(environ []string) map[string]string { return env.ToMap(environ) }
