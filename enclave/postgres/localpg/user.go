package localpg

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// serverUser is the unprivileged account initdb and postgres run as when we
// are root. A nil *serverUser means "run as ourselves"; its methods are no-ops.
type serverUser struct {
	name     string
	uid, gid uint32
}

// serverAccount returns nil unless the effective uid is 0, else the postgres
// system user, else nobody.
func serverAccount() (*serverUser, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &serverUser{name: name, uid: uint32(uid), gid: uint32(gid)}, nil
	}
	return nil, errors.New("localpg: running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as")
}

// credential drops to the account, with no supplementary groups.
func (u *serverUser) credential() *syscall.Credential {
	if u == nil {
		return nil
	}
	return &syscall.Credential{Uid: u.uid, Gid: u.gid, Groups: []uint32{}}
}

// chown gives path to the account (not following a final symlink).
func (u *serverUser) chown(path string) error {
	if u == nil {
		return nil
	}
	if err := os.Lchown(path, int(u.uid), int(u.gid)); err != nil {
		return fmt.Errorf("localpg: chown %s to %s: %w", path, u.name, err)
	}
	return nil
}

// canTraverse reports whether the account may search dir and every ancestor.
// Only the primary group counts: credential sets no supplementary groups.
func (u *serverUser) canTraverse(dir string) (bool, error) {
	if u == nil {
		return true, nil
	}
	p, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false, fmt.Errorf("localpg: resolve %s: %w", dir, err)
	}
	for {
		fi, err := os.Stat(p)
		if err != nil {
			return false, fmt.Errorf("localpg: stat %s: %w", p, err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok {
			return false, fmt.Errorf("localpg: stat %s: no owner information", p)
		}
		bit := os.FileMode(0o001)
		switch {
		case st.Uid == u.uid:
			bit = 0o100
		case st.Gid == u.gid:
			bit = 0o010
		}
		if fi.Mode().Perm()&bit == 0 {
			return false, nil
		}
		parent := filepath.Dir(p)
		if parent == p {
			return true, nil
		}
		p = parent
	}
}
