package localpg

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// testSettings trade durability for speed, as the test harness does.
var testSettings = map[string]string{"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}

// requireBinDir finds the real binaries; without them it skips loudly, or
// fails when CI=true.
func requireBinDir(t *testing.T) string {
	t.Helper()
	dir, err := FindBinDir(os.Getenv)
	if errors.Is(err, ErrNotInstalled) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but PostgreSQL is not installed: %v", err)
		}
		t.Skipf("SKIPPED: NO POSTGRESQL SERVER BINARIES, real-server tests did not run: %v", err)
	}
	if err != nil {
		t.Fatalf("FindBinDir: %v", err)
	}
	return dir
}

func testOptions(t *testing.T, binDir, dir string) Options {
	return Options{
		Dir:      dir,
		BinDir:   binDir,
		Settings: testSettings,
		Logger:   slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

// stateDir is a temp dir with the given mode whose /var/tmp fallback, if
// any, is removed with it.
func stateDir(t *testing.T, mode os.FileMode) string {
	dir := t.TempDir()
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
	// t.TempDir's parent is 0700 too; open it so only dir's own mode decides.
	if err := os.Chmod(filepath.Dir(dir), 0o711); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(fallbackDir(dir)) })
	return dir
}

// stopOnCleanup makes sure a failing test leaves no server behind.
func stopOnCleanup(t *testing.T, c *Cluster) {
	t.Cleanup(func() {
		if err := c.Stop(context.Background()); err != nil {
			t.Errorf("cleanup Stop: %v", err)
		}
	})
}

// psql runs a query with the psql beside postgres and returns its output.
func psql(t *testing.T, binDir string, env []string, conn ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	args := append([]string{"-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"}, conn...)
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "psql"), args...)
	cmd.Env = append(childEnv(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("psql %v: %v\n%s", conn, err, out)
	}
	return strings.TrimSpace(string(out))
}

// assertGone fails unless the process and its whole group have exited.
func assertGone(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("postgres pid %d still exists after Stop (kill 0: %v)", pid, err)
	}
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d still has members after Stop (kill 0: %v)", pid, err)
	}
}

// processUID reads the real uid of a running process.
func processUID(t *testing.T, pid int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		t.Fatalf("read process status: %v", err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
			return strings.Fields(rest)[0]
		}
	}
	t.Fatalf("no Uid line in /proc/%d/status", pid)
	return ""
}
