// Package vaulttest is a test double of HashiCorp Vault: an httptest server
// that speaks the parts of Vault's HTTP API the enclave uses, shaped exactly
// as Vault documents them (and, where the docs and the server code disagree,
// as the code behaves). Tests drive it through the real client,
// github.com/hashicorp/vault/api, so that client code is tested against the
// same requests and responses it will meet in production.
//
// It implements, under /v1/ and with X-Vault-Token authentication:
//
//   - transit (mounted at "transit" unless WithTransitMount): create, read,
//     list, rotate, configure, delete and export keys; hmac and verify; sign
//     and verify for ed25519 keys. Every key version has its own random key
//     material.
//   - KV version 2 (mounted at "secret" unless WithKVMount): read, write and
//     delete-metadata, plus PutSecret for test setup.
//   - sys/health, unauthenticated, honouring the *code query parameters.
//
// For tests of failure handling it can be sealed, made to fail the next n
// requests, or slowed down; it counts requests per path, the largest batch
// and the most requests in flight at once.
package vaulttest
