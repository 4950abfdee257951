package vault_test

import (
	"encoding/base64"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/research-enclave/enclave/pseudonym/vault"
)

const policyFile = "../../deploy/vault/enclave-service.hcl"

// stanza is one `path "..." { capabilities = [...] }` block.
type stanza struct {
	path string
	caps []string
}

var (
	comment   = regexp.MustCompile(`(?m)^\s*#.*$`)
	stanzaRE  = regexp.MustCompile(`path\s+"([^"]+)"\s*\{\s*capabilities\s*=\s*\[([^\]]*)\]\s*\}`)
	capWordRE = regexp.MustCompile(`"([a-z]+)"`)
)

// parsePolicy reads the few HCL forms the policy uses; anything else (other
// fields such as allowed_parameters, stray text) fails the test, so the
// parser cannot silently skip a grant.
func parsePolicy(t *testing.T) []stanza {
	t.Helper()
	raw, err := os.ReadFile(policyFile)
	if err != nil {
		t.Fatal(err)
	}
	text := comment.ReplaceAllString(string(raw), "")
	var out []stanza
	for _, m := range stanzaRE.FindAllStringSubmatch(text, -1) {
		s := stanza{path: m[1]}
		for _, c := range capWordRE.FindAllStringSubmatch(m[2], -1) {
			s.caps = append(s.caps, c[1])
		}
		out = append(out, s)
	}
	if rest := strings.TrimSpace(stanzaRE.ReplaceAllString(text, "")); rest != "" {
		t.Fatalf("policy has text the test does not understand: %q", rest)
	}
	return out
}

// matches is Vault's path matching for the forms allowed here: exact, or
// "+" standing for one segment.
func matches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if ps[i] != "+" && ps[i] != xs[i] {
			return false
		}
	}
	return true
}

func TestPolicyIsLeastPrivilege(t *testing.T) {
	t.Parallel()
	raw, _ := os.ReadFile(policyFile)
	text := comment.ReplaceAllString(string(raw), "")
	for _, bad := range []string{"*", "sudo", "root", "create", "delete", "list", "patch"} {
		if strings.Contains(text, bad) {
			t.Errorf("policy contains %q", bad)
		}
	}
	for _, s := range parsePolicy(t) {
		deny := slices.Contains(s.caps, "deny")
		switch {
		case deny && len(s.caps) != 1:
			t.Errorf("%s: deny mixed with %v", s.path, s.caps)
		case !deny && strings.Contains(s.path, "+"):
			t.Errorf("%s: wildcard in a grant", s.path)
		case !deny && (len(s.caps) == 0 || len(slices.Compact(slices.Sorted(slices.Values(s.caps)))) != len(s.caps)):
			t.Errorf("%s: %v, want capabilities each named once", s.path, s.caps)
		}
	}
}

// TestPolicyCoversTheCode runs every Vault call the package makes, with the
// default names, against the double, and checks each (path, operation) is
// granted by the policy and not denied; and that the policy grants nothing
// the code does not use.
func TestPolicyCoversTheCode(t *testing.T) {
	t.Parallel()
	s, c := newDouble(t)
	s.CreateKey(t, vault.DefaultHMACKey, "hmac")
	s.CreateKey(t, vault.DefaultSigningKey, "ed25519")
	s.PutSecret(vault.DefaultKVPath, map[string]any{vault.DefaultKVField: base64.StdEncoding.EncodeToString(randomKey(t, 32))})
	ctx := ctxFor(t)
	h, err := vault.NewTransitHMAC(ctx, c, vault.DefaultHMACKey, 1, vault.TransitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.HMAC(ctx, messages(3)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := vault.ReadKVKey(ctx, c, vault.DefaultKVMount, vault.DefaultKVPath, vault.DefaultKVField); err != nil {
		t.Fatal(err)
	}
	if _, err := vault.ReadKVKeyVersion(ctx, c, vault.DefaultKVMount, vault.DefaultKVPath, vault.DefaultKVField, 1); err != nil {
		t.Fatal(err)
	}
	signer, err := vault.NewTransitSigner(ctx, c, vault.DefaultMount, vault.DefaultSigningKey, "log", 1, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := note.Sign(&note.Note{Text: "x\n"}, signer); err != nil {
		t.Fatal(err)
	}
	if err := vault.Ready(ctx, c); err != nil {
		t.Fatal(err)
	}
	s.PutSecret(vault.DefaultCheckpointPath, map[string]any{"checkpoint": ""})
	cs, err := vault.NewCheckpointStore(c, vault.DefaultKVMount, vault.DefaultCheckpointPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := cs.Save(ctx, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Load(ctx); err != nil {
		t.Fatal(err)
	}

	policy := parsePolicy(t)
	used := map[string]bool{}
	for path, ops := range s.Operations() {
		if path == "sys/health" {
			continue // unauthenticated
		}
		for _, op := range ops {
			granted := false
			for _, st := range policy {
				if !matches(st.path, path) {
					continue
				}
				if slices.Contains(st.caps, "deny") {
					t.Errorf("%s %s: denied by %q", op, path, st.path)
				}
				if slices.Contains(st.caps, op) {
					granted, used[st.path+" "+op] = true, true
				}
			}
			if !granted {
				t.Errorf("%s %s: used by the code, not granted by the policy", op, path)
			}
		}
	}
	for _, st := range policy {
		for _, c := range st.caps {
			if c != "deny" && !used[st.path+" "+c] && !strings.HasPrefix(st.path, "auth/token/") {
				t.Errorf("policy grants %s on %s, which the code never uses", c, st.path)
			}
		}
	}
}
