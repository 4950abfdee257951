package vault

import "github.com/hashicorp/vault/api"

// APIClient is c's Vault API client, for tests that set Vault up through it
// or check how NewClient configured it.
func APIClient(c *Client) *api.Client { return c.api }
