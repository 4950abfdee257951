package localpg

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveDeletesFallbackToo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	fallback := fallbackDir(dir)
	t.Cleanup(func() { os.RemoveAll(fallback) })
	if err := os.MkdirAll(filepath.Join(fallback, "pgdata"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(fallback, "pgdata"), filepath.Join(dir, "pgdata")); err != nil {
		t.Fatal(err)
	}
	if err := Remove(dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, fallback} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s still exists (err=%v)", p, err)
		}
	}
	if err := Remove(dir); err != nil {
		t.Errorf("second Remove: %v", err)
	}
}
