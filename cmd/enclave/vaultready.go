package main

import (
	"context"

	"github.com/research-enclave/enclave/enclave"
	"github.com/research-enclave/enclave/enclave/httpapi"
	"github.com/research-enclave/enclave/pseudonym/vault"
)

// vaultReadyCheck is the readiness check, named name, of something that
// needs Vault (the key source, the checkpoint signer): it says whether
// Vault is sealed, unreachable or too slow, for /readyz to show.
func vaultReadyCheck(name string, client *vault.Client) httpapi.ReadyCheck {
	return httpapi.ReadyCheck{Name: name, Check: func(ctx context.Context) error {
		if err := vault.Ready(ctx, client); err != nil {
			return enclave.Wrap(enclave.CodeUnavailable, vault.Why(err), err)
		}
		return nil
	}}
}
