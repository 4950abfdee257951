package vault

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/vault/api"
)

// hmacRequest is the body of POST <mount>/hmac/<key>. The algorithm goes in
// the body rather than the URL so that the service's policy can name the
// exact path <mount>/hmac/<key>.
type hmacRequest struct {
	BatchInput []hmacInput `json:"batch_input"`
	KeyVersion int         `json:"key_version"`
	Algorithm  string      `json:"algorithm"`
}

type hmacInput struct {
	Input string `json:"input"`
}

// batch HMACs msgs (the caller's items off to off+len(msgs)) into out,
// retrying the whole request on ErrUnavailable. The request body is built
// once and never logged or quoted.
func (t *TransitHMAC) batch(ctx context.Context, off int, msgs [][]byte, out [][32]byte) error {
	if err := ctx.Err(); err != nil {
		return err // another batch failed first, or the caller gave up
	}
	req := hmacRequest{BatchInput: make([]hmacInput, len(msgs)), KeyVersion: t.version, Algorithm: "sha2-256"}
	for i, m := range msgs {
		req.BatchInput[i].Input = base64.StdEncoding.EncodeToString(m)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("vault %s: encode batch at item %d: %w", t.path, off, err)
	}
	var sec *api.Secret
	err = t.retry.do(ctx, func(ctx context.Context) (err error) {
		sec, err = write(ctx, t.client, "transit hmac", t.path, body)
		return err
	})
	if err != nil {
		return fmt.Errorf("batch of %d items at item %d: %w", len(msgs), off, err)
	}
	// Vault answers HTTP 200 even when items fail: a failed item has
	// "error" and no "hmac".
	results, _ := sec.Data["batch_results"].([]any)
	if len(results) != len(msgs) {
		return rejected("transit hmac", t.path, fmt.Sprintf("batch at item %d: %d results for %d inputs", off, len(results), len(msgs)))
	}
	for i, r := range results {
		item, _ := r.(map[string]any)
		if msg := str(item, "error"); msg != "" {
			return &BatchItemError{Path: t.path, Index: off + i, Reason: msg}
		}
		ver, mac, err := parseVersioned(str(item, "hmac"))
		switch {
		case err != nil:
			return &BatchItemError{Path: t.path, Index: off + i, Reason: err.Error()}
		case ver != t.version:
			return &BatchItemError{Path: t.path, Index: off + i, Reason: fmt.Sprintf("answered under key version %d, not the pinned %d", ver, t.version)}
		case len(mac) != 32:
			return &BatchItemError{Path: t.path, Index: off + i, Reason: fmt.Sprintf("HMAC is %d bytes, not 32", len(mac))}
		}
		copy(out[i][:], mac)
	}
	return nil
}
