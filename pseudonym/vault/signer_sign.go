package vault

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/vault/api"
)

// signRequest is the body of POST <mount>/sign/<key>. Ed25519 signs the
// input itself (no prehash), which is what signed notes need.
type signRequest struct {
	Input      string `json:"input"`
	KeyVersion int    `json:"key_version"`
}

// Sign implements note.Signer: Vault signs msg with the pinned key version.
// note.Signer has no context, so each call is bounded by the signer's
// timeout. The signature is checked against the pinned public key before it
// is returned, so a checkpoint is never published with a signature that its
// verifier key would reject.
func (s *TransitSigner) Sign(msg []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	body, err := json.Marshal(signRequest{Input: base64.StdEncoding.EncodeToString(msg), KeyVersion: s.version})
	if err != nil {
		return nil, fmt.Errorf("vault %s: encode: %w", s.path, err)
	}
	var sec *api.Secret
	err = s.retry.do(ctx, func(ctx context.Context) (err error) {
		sec, err = write(ctx, s.client, "transit sign", s.path, body)
		return err
	})
	if err != nil {
		return nil, err
	}
	// key_version is only in newer Vault's answer; the signature's own
	// prefix always carries the version.
	ver, sig, err := parseVersioned(str(sec.Data, "signature"))
	keyVersion := number(sec.Data, "key_version")
	switch {
	case err != nil:
		return nil, rejected("transit sign", s.path, "signature "+err.Error())
	case ver != s.version || (keyVersion != 0 && keyVersion != s.version):
		return nil, rejected("transit sign", s.path, fmt.Sprintf("signed with key version %d, not the pinned %d", ver, s.version))
	case len(sig) != ed25519.SignatureSize:
		return nil, rejected("transit sign", s.path, fmt.Sprintf("signature is %d bytes, not %d", len(sig), ed25519.SignatureSize))
	case !ed25519.Verify(s.pub, msg, sig):
		return nil, rejected("transit sign", s.path, "signature does not verify with the pinned public key")
	}
	return sig, nil
}
