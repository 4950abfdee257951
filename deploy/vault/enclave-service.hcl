# Vault policy "enclave-service": what the enclave service's token may do.
#
# Least privilege. The service
#   - computes pseudonyms with the transit HMAC key  enclave-pid   (vault-transit key source),
#   - or reads the linkage key from KV               enclave/pid-key (vault-kv key source),
#   - signs audit checkpoints with the transit ed25519 key enclave-audit,
#   - keeps the latest checkpoint in KV                 enclave/audit-checkpoint,
# and nothing else. Vault denies every path a policy does not grant, so each
# "allow" stanza below is the whole of what the service can reach. The "deny"
# stanzas at the end are defence in depth: deny wins over any other policy
# that might be attached to the same token by mistake.
#
# The names are the defaults of RUNBOOK.md; if you choose others, change them
# here, in the service's configuration and in the runbook together.
# pseudonym/vault/policy_test.go checks this file against the paths the code
# calls.
#
# Apply:  vault policy write enclave-service deploy/vault/enclave-service.hcl

# --- Pseudonymisation, vault-transit key source -----------------------------

# POST transit/hmac/enclave-pid: HMAC-SHA256 of batches of identifiers under
# the pinned key_version. POST is the "update" capability. The path is exact:
# no /<algorithm> suffix (the client sends the algorithm in the body), no glob.
path "transit/hmac/enclave-pid" {
  capabilities = ["update"]
}

# GET transit/keys/enclave-pid: the start-up check that the pinned version
# exists and may still generate (latest_version, min_encryption_version).
# This endpoint returns metadata only, never key material. "read" only: no
# "update" (which would let the token create the key), no "delete".
path "transit/keys/enclave-pid" {
  capabilities = ["read"]
}

# --- Pseudonymisation, vault-kv key source ----------------------------------

# GET secret/data/enclave/pid-key (KV version 2): read the linkage key once at
# start-up. Remove this stanza when the service runs with vault-transit.
path "secret/data/enclave/pid-key" {
  capabilities = ["read"]
}

# --- Audit checkpoint signing -----------------------------------------------

# POST transit/sign/enclave-audit: ed25519 signature of a checkpoint under the
# pinned key_version. The private key never leaves Vault.
path "transit/sign/enclave-audit" {
  capabilities = ["update"]
}

# GET transit/keys/enclave-audit: the public key of the pinned version, from
# which the service builds the verifier key it publishes for auditors.
path "transit/keys/enclave-audit" {
  capabilities = ["read"]
}

# GET and POST secret/data/enclave/audit-checkpoint (KV version 2): the latest
# signed checkpoint, kept outside the database so that a restore of an older
# backup is found (docs/operations.md, "Backup and restore"). Read at start
# and replaced with every checkpoint signed. No "create" (an administrator
# creates the secret once, empty: RUNBOOK.md) and no "delete".
path "secret/data/enclave/audit-checkpoint" {
  capabilities = ["read", "update"]
}

# --- Token upkeep -------------------------------------------------------------

# Vault Agent (or the service) renews and inspects its own token. These come
# from Vault's "default" policy, which the service's AppRole does not attach
# (token_no_default_policy=true, see RUNBOOK.md), so they are granted here.
path "auth/token/renew-self" {
  capabilities = ["update"]
}

path "auth/token/lookup-self" {
  capabilities = ["read"]
}

# sys/health is unauthenticated: the readiness probe needs no stanza.

# --- Explicitly never -----------------------------------------------------------

# Key material must not leave Vault: no export (any type, any version) and no
# plaintext backup of either key.
path "transit/export/+/enclave-pid" {
  capabilities = ["deny"]
}

path "transit/export/+/enclave-pid/+" {
  capabilities = ["deny"]
}

path "transit/backup/enclave-pid" {
  capabilities = ["deny"]
}

path "transit/export/+/enclave-audit" {
  capabilities = ["deny"]
}

path "transit/export/+/enclave-audit/+" {
  capabilities = ["deny"]
}

path "transit/backup/enclave-audit" {
  capabilities = ["deny"]
}

# Rotation, configuration and trimming are planned operator actions, never
# the service's: a rotation would change every pseudonym made with "latest",
# and a raised minimum version or a trim would break the pinned one.
path "transit/keys/enclave-pid/rotate" {
  capabilities = ["deny"]
}

path "transit/keys/enclave-pid/config" {
  capabilities = ["deny"]
}

path "transit/keys/enclave-pid/trim" {
  capabilities = ["deny"]
}

path "transit/keys/enclave-audit/rotate" {
  capabilities = ["deny"]
}

path "transit/keys/enclave-audit/config" {
  capabilities = ["deny"]
}

path "transit/keys/enclave-audit/trim" {
  capabilities = ["deny"]
}
