package localpg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCanTraverse(t *testing.T) {
	t.Parallel()
	root := stateDir(t, 0o711)
	mk := func(rel string, mode os.FileMode) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	mk("open", 0o755)
	mk("search-only", 0o711)
	mk("private/inner", 0o755)
	mk("private", 0o700)
	mk("group-only", 0o710)

	stranger := &serverUser{name: "stranger", uid: 4242, gid: 4242}
	owner := &serverUser{name: "owner", uid: uint32(os.Geteuid()), gid: 4242}
	tests := []struct {
		name string
		user *serverUser
		rel  string
		want bool
	}{
		{"open dir", stranger, "open", true},
		{"search-only dir", stranger, "search-only", true},
		{"private dir", stranger, "private", false},
		{"open dir under a private one", stranger, "private/inner", false},
		{"group bit without group", stranger, "group-only", false},
		{"owner of a private dir", owner, "private", true},
		{"ourselves (nil user)", nil, "private/inner", true},
	}
	for _, tt := range tests {
		got, err := tt.user.canTraverse(filepath.Join(root, tt.rel))
		if err != nil || got != tt.want {
			t.Errorf("%s: canTraverse = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func TestOwnedDirRefusesStrangersDir(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a directory to another user")
	}
	dir := filepath.Join(stateDir(t, 0o711), "planted")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, 4242, 4242); err != nil {
		t.Fatal(err)
	}
	err := ownedDir(dir, mustAccount(t))
	if err == nil || !strings.Contains(err.Error(), "owned by uid 4242") {
		t.Errorf("ownedDir on a stranger's dir = %v, want a refusal", err)
	}
}

func TestFallbackDirName(t *testing.T) {
	t.Parallel()
	got := fallbackDir("/root/.local/share/enclave/demo")
	name := strings.TrimPrefix(got, "/var/tmp/enclave-postgres-")
	if len(name) != 12 || strings.Trim(name, "0123456789abcdef") != "" {
		t.Errorf("fallbackDir = %q, want /var/tmp/enclave-postgres-<12 hex>", got)
	}
}
