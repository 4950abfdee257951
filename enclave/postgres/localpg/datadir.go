package localpg

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// fallbackRoot holds data directories the server user cannot reach under Dir.
const fallbackRoot = "/var/tmp"

// prepareDataDir returns the real data directory behind dir/pgdata, creating
// it (mode 0700, owned by u) or the /var/tmp fallback and its symlink.
func prepareDataDir(dir string, u *serverUser) (string, error) {
	link := filepath.Join(dir, "pgdata")
	fi, err := os.Lstat(link)
	switch {
	case err == nil && fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(link)
		if err != nil {
			return "", fmt.Errorf("localpg: read data dir link %s: %w", link, err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(dir, target)
		}
		if base := fallbackDir(dir); target == filepath.Join(base, "pgdata") {
			if err := ownedDir(base, u); err != nil { // recreate if /var/tmp was cleaned
				return "", err
			}
		}
		return target, ownedDir(target, u)
	case err == nil:
		return link, ownedDir(link, u)
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("localpg: data dir %s: %w", link, err)
	}
	ok, err := u.canTraverse(dir)
	if err != nil {
		return "", err
	}
	if ok {
		return link, ownedDir(link, u)
	}
	base := fallbackDir(dir)
	target := filepath.Join(base, "pgdata")
	if err := ownedDir(base, u); err != nil {
		return "", err
	}
	if err := ownedDir(target, u); err != nil {
		return "", err
	}
	if err := os.Symlink(target, link); err != nil {
		return "", fmt.Errorf("localpg: link %s to %s: %w", link, target, err)
	}
	return target, nil
}

// fallbackDir names the per-Dir directory under /var/tmp.
func fallbackDir(dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(fallbackRoot, "enclave-postgres-"+hex.EncodeToString(sum[:6]))
}

// ownedDir makes path a real directory, mode 0700, owned by u. An existing
// directory owned by a third user is refused: /var/tmp is world-writable.
func ownedDir(path string, u *serverUser) error {
	if err := os.Mkdir(path, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("localpg: create %s: %w", path, err)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("localpg: stat %s: %w", path, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("localpg: %s exists and is not a directory", path)
	}
	owner := fi.Sys().(*syscall.Stat_t).Uid
	if want := ownerUID(u); owner != want && owner != uint32(os.Geteuid()) {
		return fmt.Errorf("localpg: %s is owned by uid %d, not by us or the server user; remove it", path, owner)
	}
	if owner != ownerUID(u) {
		if err := chownTree(path, u); err != nil {
			return err
		}
	}
	if err := os.Chmod(path, 0o700); err != nil {
		return fmt.Errorf("localpg: chmod %s: %w", path, err)
	}
	return nil
}

func ownerUID(u *serverUser) uint32 {
	if u == nil {
		return uint32(os.Geteuid())
	}
	return u.uid
}

// chownTree gives a tree to u, e.g. a data dir made by an earlier non-root run.
func chownTree(root string, u *serverUser) error {
	return filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("localpg: walk %s: %w", path, err)
		}
		return u.chown(path)
	})
}

// Remove deletes the state of a stopped cluster in dir: dir itself and, when
// its data lives in the fallback directory, that directory too. A missing dir
// is not an error.
func Remove(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("localpg: remove %s: %w", dir, err)
	}
	link := filepath.Join(abs, "pgdata")
	if fi, err := os.Lstat(link); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if target, err := os.Readlink(link); err == nil && target == filepath.Join(fallbackDir(abs), "pgdata") {
			if err := os.RemoveAll(fallbackDir(abs)); err != nil {
				return fmt.Errorf("localpg: remove %s: %w", fallbackDir(abs), err)
			}
		}
	}
	if err := os.RemoveAll(abs); err != nil {
		return fmt.Errorf("localpg: remove %s: %w", abs, err)
	}
	return nil
}
