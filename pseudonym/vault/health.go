package vault

import "context"

// Ready reports whether Vault can serve the enclave: reachable, initialised
// and unsealed. It is the readiness probe's Vault check; sys/health needs no
// token, so a wrong token is not detected here (the key sources' start-up
// checks do that).
func Ready(ctx context.Context, client *Client) error {
	// Sys().Health asks Vault to answer 299 instead of its 5xx codes for
	// sealed, uninitialised and standby nodes, so those come back as a
	// response to inspect rather than as an error.
	h, err := client.api.Sys().HealthWithContext(ctx)
	if err != nil {
		return classify("health", "sys/health", err)
	}
	switch {
	case !h.Initialized:
		return &Error{Op: "health", Path: "sys/health", Kind: ErrUnavailable, Messages: []string{"Vault is not initialised"}}
	case h.Sealed:
		return &Error{Op: "health", Path: "sys/health", Kind: ErrSealed}
	}
	return nil
}
