// Package vault provides the enclave's key sources and signer backed by
// HashiCorp Vault:
//
//   - TransitHMAC (key source "vault-transit"): HMAC-SHA256 computed inside
//     Vault by the transit engine, so the linkage key never leaves Vault.
//     Messages go in batches, several batches in flight, always under one
//     pinned key version. TransitPseudonymiser puts it behind the
//     pseudonym.Pseudonymiser interface that ingest and opt-out loads use.
//   - ReadKVKey (key source "vault-kv"): key material read once from a KV
//     version 2 secret, for HMACs computed in process (the fastest source).
//   - TransitSigner: a golang.org/x/mod/sumdb/note Signer for audit
//     checkpoints, backed by a transit ed25519 key.
//   - Ready: the readiness probe (sys/health; a sealed Vault is not ready).
//
// # Which key source to use
//
// The service's operator chooses one with ENCLAVE_KEY_SOURCE; there is no
// default. The pseudonyms depend on the key material only, not on the
// source: moving between vault-kv and vault-transit keeps every pid only if
// both hold the same material (a KV key imported into transit, or an
// exportable transit key copied to KV); otherwise it is a re-keying.
//
//   - vault-transit, the choice for production: the key cannot be copied
//     out of the service's memory, a core dump or a compromised replica,
//     and Vault's audit device records every use of it. The cost is a round trip
//     per batch, and ingest stops while Vault is sealed or unreachable
//     (loads fail whole; the readiness probe reports it).
//   - vault-kv, when ingest throughput matters more than keeping the key in
//     Vault (a national re-load, a benchmark): the key is read once at start
//     and HMACs run in process, at memory speed, even if Vault later goes
//     away. Anyone who can read the service's memory can read the key.
//   - dev (a key file, pseudonym.NewDevKey): the demo and tests only; its
//     pseudonyms read "dev1." and the server refuses it outside dev mode.
//
// Every call takes a context and has a deadline (Config.Timeout per request
// unless the caller's is sooner). The Vault API client's own retries are off
// (NewClient sets MaxRetries to 0): this package retries idempotent calls
// itself, with exponential backoff and jitter, on network errors, 5xx and
// 429 only, and never past the caller's context.
//
// What this package promises about sensitive data:
//
//   - Message bytes (identifiers about to be pseudonymised) are never put in
//     an error or a log line. A rejected batch item is named by its index.
//   - Key material read from KV never appears in an error.
//   - The HMAC key version is pinned (never "latest"): rotating the transit
//     key in Vault must not silently change every pseudonym. Outputs carrying
//     another version are rejected.
//   - HMAC is all or nothing: if any batch fails, nothing is returned, so a
//     caller cannot write half a load.
//
// Package vaulttest holds a Vault double for tests; integration_test.go runs
// the same flows against a real Vault when VAULT_ADDR and VAULT_TOKEN are
// set. deploy/vault holds the least-privilege policy and the runbook.
package vault
