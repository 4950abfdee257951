package localpg

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
)

// StartStandby starts a hot standby of primary in opts.Dir: PostgreSQL's own
// streaming replication, as production runs it. On first use it copies the
// primary with `pg_basebackup -R` (which leaves standby.signal and the
// primary's address in postgresql.auto.conf) and the primary's superuser
// password; a later call on the same Dir restarts the standby it made. It
// listens on its own port and returns once it accepts read-only
// connections.
//
// opts.Settings must not lower max_connections, max_worker_processes,
// max_wal_senders, max_prepared_transactions or max_locks_per_transaction
// below the primary's: a standby refuses to start with less. Passing the
// primary's settings is simplest.
func StartStandby(ctx context.Context, primary *Cluster, opts Options) (*Cluster, error) {
	if opts.Dir == "" {
		return nil, errors.New("localpg: Options.Dir is empty")
	}
	binDir := opts.BinDir
	if binDir == "" {
		var err error
		if binDir, err = FindBinDir(os.Getenv); err != nil {
			return nil, err
		}
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: standby state dir %s: %w", opts.Dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("localpg: create standby state dir: %w", err)
	}
	u, err := serverAccount()
	if err != nil {
		return nil, err
	}
	pgdata, err := prepareDataDir(dir, u)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(pgdata, "PG_VERSION")); errors.Is(err, fs.ErrNotExist) {
		if err := writeSecret(filepath.Join(dir, passwordFile), primary.password, u); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if err := baseBackupStandby(ctx, binDir, pgdata, primary, u, opts.Settings["fsync"] == "off"); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("localpg: standby data dir %s: %w", pgdata, err)
	}
	opts.Dir, opts.BinDir = dir, binDir
	return Start(ctx, opts)
}

// baseBackupStandby copies primary into the empty pgdata, streaming the WAL
// written meanwhile, and configures it as primary's standby. The password
// goes in the environment, never on the command line. noSync skips the
// fsync of the copy, as initCluster does.
func baseBackupStandby(ctx context.Context, binDir, pgdata string, primary *Cluster, u *serverUser, noSync bool) error {
	args := []string{"-D", pgdata, "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", superuser,
		"--write-recovery-conf", "--wal-method=stream", "--checkpoint=fast"}
	if noSync {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "pg_basebackup"), args...)
	cmd.Dir = pgdata
	cmd.Env = append(childEnv(), "PGPASSWORD="+primary.password)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: u.credential()}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("localpg: pg_basebackup of port %d into %s: %w; output:\n%s", primary.port, pgdata, err, lastLines(out, tailLines))
	}
	return nil
}
