package vault_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/pseudonym/vault"
)

// runFlows exercises every public entry point against the Vault behind c:
// it creates a transit HMAC key, an ed25519 key and a KV secret under unique
// names, and deletes them when t ends.
func runFlows(t *testing.T, c *vault.Client, transit, kv string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "enclave-it-" + hex.EncodeToString(suffix)
	admin := vault.APIClient(c).Logical()
	write := func(path string, data map[string]any) *api.Secret {
		t.Helper()
		sec, err := admin.WriteWithContext(ctx, path, data)
		if err != nil {
			t.Fatalf("write %s: %v", path, err)
		}
		return sec
	}

	if err := vault.Ready(ctx, c); err != nil {
		t.Fatalf("Ready: %v", err)
	}

	// The HMAC key is exportable here, and only here, so that the test can
	// recompute Vault's HMACs. Type "hmac" needs a recent Vault; older ones
	// HMAC with the separate key of an aes256-gcm96 key.
	pid := name + "-pid"
	if _, err := admin.WriteWithContext(ctx, transit+"/keys/"+pid, map[string]any{"type": "hmac", "key_size": 32, "exportable": true}); err != nil {
		t.Logf("type hmac unavailable (%v); using aes256-gcm96", err)
		write(transit+"/keys/"+pid, map[string]any{"type": "aes256-gcm96", "exportable": true})
	}
	t.Cleanup(func() { deleteKey(t, c, transit, pid) })

	h, err := vault.NewTransitHMAC(ctx, c, pid, 1, vault.TransitOptions{Mount: transit, BatchSize: 100})
	if err != nil {
		t.Fatalf("NewTransitHMAC: %v", err)
	}
	msgs := messages(250)
	batched, err := h.HMAC(ctx, msgs)
	if err != nil {
		t.Fatalf("HMAC: %v", err)
	}
	exported, err := admin.ReadWithContext(ctx, transit+"/export/hmac-key/"+pid+"/1")
	key1 := exportedKey(t, exported, err, "1")
	for _, i := range []int{0, 99, 100, 249} {
		single, err := h.HMAC(ctx, msgs[i:i+1])
		if err != nil || single[0] != batched[i] {
			t.Errorf("item %d: single HMAC differs from batched (%v)", i, err)
		}
		if batched[i] != hmacSHA256(key1, msgs[i]) {
			t.Errorf("item %d: HMAC is not HMAC-SHA256 under the exported version 1 key", i)
		}
	}

	write(transit+"/keys/"+pid+"/rotate", nil)
	if again, err := h.HMAC(ctx, msgs[:10]); err != nil || again[9] != batched[9] {
		t.Errorf("pinned v1 HMAC changed after rotate (or failed: %v)", err)
	}
	h2, err := vault.NewTransitHMAC(ctx, c, pid, 2, vault.TransitOptions{Mount: transit})
	if err != nil {
		t.Fatalf("NewTransitHMAC v2: %v", err)
	}
	if v2, err := h2.HMAC(ctx, msgs[:1]); err != nil || v2[0] == batched[0] {
		t.Errorf("v2 HMAC equals v1 or failed: %v", err)
	}
	if _, err := vault.NewTransitHMAC(ctx, c, pid, 3, vault.TransitOptions{Mount: transit}); err == nil {
		t.Errorf("version 3 of a 2-version key accepted")
	}

	runSignerFlow(ctx, t, c, transit, name+"-audit")
	runKVFlow(ctx, t, c, kv, "enclave-it/"+name)
}

func runSignerFlow(ctx context.Context, t *testing.T, c *vault.Client, transit, key string) {
	if _, err := vault.APIClient(c).Logical().WriteWithContext(ctx, transit+"/keys/"+key, map[string]any{"type": "ed25519"}); err != nil {
		t.Fatalf("create ed25519 key: %v", err)
	}
	t.Cleanup(func() { deleteKey(t, c, transit, key) })
	signer, err := vault.NewTransitSigner(ctx, c, transit, key, "enclave.test/"+key, 1, 10*time.Second)
	if err != nil {
		t.Fatalf("NewTransitSigner: %v", err)
	}
	signed, err := note.Sign(&note.Note{Text: "enclave.test\n1\nAAAA\n"}, signer)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	v, err := note.NewVerifier(signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := note.Open(signed, note.VerifierList(v)); err != nil {
		t.Errorf("note.Open: %v", err)
	}
}

func runKVFlow(ctx context.Context, t *testing.T, c *vault.Client, kv, path string) {
	want := make([]byte, 32)
	_, _ = rand.Read(want)
	if _, err := vault.APIClient(c).KVv2(kv).Put(ctx, path, map[string]any{"key": base64.StdEncoding.EncodeToString(want)}); err != nil {
		t.Fatalf("KV put: %v", err)
	}
	t.Cleanup(func() { _ = vault.APIClient(c).KVv2(kv).DeleteMetadata(context.Background(), path) })
	got, version, err := vault.ReadKVKey(ctx, c, kv, path, "key")
	if err != nil || !bytes.Equal(got, want) || version != 1 {
		t.Errorf("ReadKVKey = %d bytes, version %d, %v; want the 32 bytes written, version 1", len(got), version, err)
	}
}

// exportedKey decodes version v from an export response.
func exportedKey(t *testing.T, sec *api.Secret, err error, v string) []byte {
	t.Helper()
	if err != nil || sec == nil {
		t.Fatalf("export: %v", err)
	}
	keys, _ := sec.Data["keys"].(map[string]any)
	b64, _ := keys[v].(string)
	key, derr := base64.StdEncoding.DecodeString(b64)
	if derr != nil || len(key) == 0 {
		t.Fatalf("export: no key for version %s", v)
	}
	return key
}

// deleteKey allows deletion of a test key, then deletes it.
func deleteKey(t *testing.T, c *vault.Client, transit, key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := vault.APIClient(c).Logical().WriteWithContext(ctx, transit+"/keys/"+key+"/config", map[string]any{"deletion_allowed": true}); err != nil {
		t.Errorf("cleanup %s: %v", key, err)
		return
	}
	if _, err := vault.APIClient(c).Logical().DeleteWithContext(ctx, transit+"/keys/"+key); err != nil {
		t.Errorf("cleanup %s: %v", key, err)
	}
}
