package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/research-enclave/enclave/enclave/postgres/localpg"
)

// demoCluster is the PostgreSQL cluster of a demo directory, which tests
// back up with pg_basebackup and restore as an operator would: the server
// stopped, the data directory replaced by the backup, the server started.
type demoCluster struct {
	binDir string
	pgdata string // the data directory itself (localpg may keep it elsewhere behind a symlink)
	pwfile string
}

func newDemoCluster(t *testing.T, demoDir string) demoCluster {
	t.Helper()
	bin, err := localpg.FindBinDir(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	pgdata, err := filepath.EvalSymlinks(filepath.Join(demoDir, "postgres", "pgdata"))
	if err != nil {
		t.Fatal(err)
	}
	return demoCluster{binDir: bin, pgdata: pgdata, pwfile: filepath.Join(demoDir, "postgres", "superuser.password")}
}

// port reads the running server's port from postmaster.pid (its fourth
// line).
func (c demoCluster) port(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join(c.pgdata, "postmaster.pid"))
	if err != nil {
		t.Fatalf("the demo's PostgreSQL is not running: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for i := 0; s.Scan(); i++ {
		if i == 3 {
			return strings.TrimSpace(s.Text())
		}
	}
	t.Fatal("postmaster.pid has no port line")
	return ""
}

// backup takes a full base backup of the running cluster, WAL included, into
// a new directory, and returns it.
func (c demoCluster) backup(t *testing.T) string {
	t.Helper()
	pw, err := os.ReadFile(c.pwfile)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "base")
	// localpg's superuser (enclave_admin) has the replication privilege,
	// and initdb's pg_hba.conf lets it replicate from 127.0.0.1.
	cmd := exec.Command(filepath.Join(c.binDir, "pg_basebackup"), "-h", "127.0.0.1", "-p", c.port(t), "-U", "enclave_admin",
		"-D", dir, "-X", "stream", "-c", "fast", "--no-sync")
	cmd.Env = append(os.Environ(), "PGPASSWORD="+strings.TrimSpace(string(pw)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pg_basebackup: %v\n%s", err, out)
	}
	return dir
}

// restore replaces the stopped cluster's data directory by the backup in
// dir, owned as the data directory is (localpg runs postgres as another
// user when the tests run as root).
func (c demoCluster) restore(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(c.pgdata, "postmaster.pid")); err == nil {
		t.Fatal("restore: PostgreSQL is still running")
	}
	fi, err := os.Stat(c.pgdata)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	entries, err := os.ReadDir(c.pgdata)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(c.pgdata, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"cp", "-a", dir + "/.", c.pgdata},
		{"chown", "-R", fmt.Sprintf("%d:%d", st.Uid, st.Gid), c.pgdata},
	} {
		if out, err := exec.CommandContext(context.Background(), args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
}
