package localpg

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func TestClusterLifecycle(t *testing.T) {
	binDir := requireBinDir(t)
	root := os.Geteuid() == 0
	tests := []struct {
		name         string
		mode         os.FileMode
		wantFallback bool
	}{
		{name: "traversable state dir", mode: 0o711},
		{name: "private state dir", mode: 0o700, wantFallback: root},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := stateDir(t, tt.mode)
			opts := testOptions(t, binDir, dir)

			c, err := Start(t.Context(), opts)
			if err != nil {
				t.Fatalf("first Start: %v", err)
			}
			stopOnCleanup(t, c)
			checkLayout(t, dir, tt.wantFallback)
			checkConnects(t, binDir, dir, c)
			if root {
				if got, want := processUID(t, c.proc.pid()), strconv.Itoa(int(mustAccount(t).uid)); got != want {
					t.Errorf("postgres runs as uid %s, want %s", got, want)
				}
			}
			psql(t, binDir, nil, c.URL("postgres"), "-c", "CREATE DATABASE kept_between_runs")

			pid := c.proc.pid()
			if err := c.Stop(t.Context()); err != nil {
				t.Fatalf("Stop: %v", err)
			}
			assertGone(t, pid)
			if err := c.Stop(t.Context()); err != nil {
				t.Errorf("second Stop = %v, want nil", err)
			}

			c2, err := Start(t.Context(), opts)
			if err != nil {
				t.Fatalf("second Start on the same dir: %v", err)
			}
			stopOnCleanup(t, c2)
			got := psql(t, binDir, nil, c2.URL("postgres"), "-c",
				"SELECT count(*) FROM pg_database WHERE datname = 'kept_between_runs'")
			if got != "1" {
				t.Errorf("database from the first run: count = %q, want 1 (data dir not reused?)", got)
			}
			pid = c2.proc.pid()
			if err := c2.Stop(t.Context()); err != nil {
				t.Fatalf("Stop after restart: %v", err)
			}
			assertGone(t, pid)
		})
	}
}

// checkConnects dials the port, then runs SELECT 1 through psql twice: with
// the URL alone, and with PGPASSWORD taken from the password file.
func checkConnects(t *testing.T, binDir, dir string, c *Cluster) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port())), 5*time.Second)
	if err != nil {
		t.Fatalf("dial port %d: %v", c.Port(), err)
	}
	conn.Close()
	pw, err := os.ReadFile(filepath.Join(dir, passwordFile))
	if err != nil {
		t.Fatalf("read password file: %v", err)
	}
	if got := psql(t, binDir, nil, c.URL("postgres"), "-c", "SELECT 1"); got != "1" {
		t.Errorf("SELECT 1 via URL = %q, want 1", got)
	}
	env := []string{"PGPASSWORD=" + string(pw[:len(pw)-1])}
	got := psql(t, binDir, env, "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port()), "-U", superuser, "-d", "postgres", "-c", "SELECT 1")
	if got != "1" {
		t.Errorf("SELECT 1 with PGPASSWORD from the file = %q, want 1", got)
	}
}

// checkLayout checks where the data went, and its modes and owners.
func checkLayout(t *testing.T, dir string, wantFallback bool) {
	t.Helper()
	link := filepath.Join(dir, "pgdata")
	fi, err := os.Lstat(link)
	if err != nil {
		t.Fatalf("lstat %s: %v", link, err)
	}
	if gotLink := fi.Mode()&os.ModeSymlink != 0; gotLink != wantFallback {
		t.Fatalf("%s is a symlink: %v, want %v", link, gotLink, wantFallback)
	}
	if wantFallback {
		target, _ := os.Readlink(link)
		if want := filepath.Join(fallbackDir(dir), "pgdata"); target != want {
			t.Errorf("%s -> %s, want -> %s", link, target, want)
		}
	}
	want := ownerUID(mustAccount(t))
	for path, mode := range map[string]os.FileMode{link: os.ModeDir | 0o700, filepath.Join(dir, passwordFile): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatalf("stat %s: %v", path, err)
		}
		if fi.Mode() != mode {
			t.Errorf("%s mode = %v, want %v", path, fi.Mode(), mode)
		}
		if got := fi.Sys().(*syscall.Stat_t).Uid; got != want {
			t.Errorf("%s owner uid = %d, want %d", path, got, want)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "postgres.log")); err != nil || fi.Size() == 0 {
		t.Errorf("postgres.log missing or empty (err %v)", err)
	}
}

func mustAccount(t *testing.T) *serverUser {
	t.Helper()
	u, err := serverAccount()
	if err != nil {
		t.Fatal(err)
	}
	return u
}
