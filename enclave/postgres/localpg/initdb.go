package localpg

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// initCluster runs initdb unless pgdata already holds a cluster, and reports
// whether it did. initdb writes PG_VERSION early, so it works in a scratch
// directory that is renamed into place on success: an interrupted initdb must
// not leave a half-made cluster that the next run would take for a real one.
// noSync skips initdb's fsync: callers that turn fsync off want speed.
func initCluster(ctx context.Context, binDir, pgdata, password string, u *serverUser, noSync bool) (bool, error) {
	_, err := os.Stat(filepath.Join(pgdata, "PG_VERSION"))
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("localpg: initdb in %s: %w", pgdata, err)
	}
	// The parent of pgdata is reachable by the server user (it may be the
	// /var/tmp fallback), so the scratch dir and password file go there.
	parent := filepath.Dir(pgdata)
	scratch, err := os.MkdirTemp(parent, ".initdb-*")
	if err != nil {
		return false, fmt.Errorf("localpg: initdb in %s: %w", pgdata, err)
	}
	defer os.RemoveAll(scratch) // a no-op after the rename
	if err := u.chown(scratch); err != nil {
		return false, err
	}
	pwfile, err := tempSecret(parent, password, u)
	if err != nil {
		return false, err
	}
	defer os.Remove(pwfile)

	args := []string{"-D", scratch, "-U", superuser, "--auth=scram-sha-256", "--pwfile=" + pwfile,
		"-E", "UTF8", "--no-locale"}
	if noSync {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "initdb"), args...)
	cmd.Dir = scratch
	cmd.Env = childEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: u.credential()}
	if out, err := cmd.CombinedOutput(); err != nil {
		return false, fmt.Errorf("localpg: initdb for %s: %w; output:\n%s", pgdata, err, lastLines(out, tailLines))
	}
	// pgdata is an empty directory here; os.Rename will not replace it.
	if err := os.Remove(pgdata); err != nil {
		return false, fmt.Errorf("localpg: initdb for %s: data dir not empty (no PG_VERSION): %w", pgdata, err)
	}
	if err := os.Rename(scratch, pgdata); err != nil {
		return false, fmt.Errorf("localpg: move new cluster into place: %w", err)
	}
	return true, nil
}

// tempSecret writes secret to a new file in dir, mode 0600, owned by u.
func tempSecret(dir, secret string, u *serverUser) (string, error) {
	f, err := os.CreateTemp(dir, ".initdb-pw-*") // mode 0600
	if err != nil {
		return "", fmt.Errorf("localpg: create initdb password file: %w", err)
	}
	_, err = f.WriteString(secret + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = u.chown(f.Name())
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("localpg: write initdb password file: %w", err)
	}
	return f.Name(), nil
}
