# Vault for the single-host compose file: file storage in the vaultdata
# volume, initialised and unsealed by an operator (deploy/README.md).
# The listener is plain HTTP on the compose project's internal network, which
# only the enclave's containers join, and publishes no port. Where Vault is
# shared or reached over a real network, give it TLS (tls_cert_file,
# tls_key_file) and set ENCLAVE_VAULT_ADDR to https://.
storage "file" {
  path = "/vault/file"
}

listener "tcp" {
  address     = "0.0.0.0:8200"
  tls_disable = true
}

api_addr      = "http://vault:8200"
disable_mlock = true
ui            = false
