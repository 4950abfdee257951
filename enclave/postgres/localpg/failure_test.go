package localpg

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStartReportsServerLog(t *testing.T) {
	t.Parallel()
	binDir := requireBinDir(t)
	opts := testOptions(t, binDir, stateDir(t, 0o711))
	opts.Settings = map[string]string{"no_such_setting_xyz": "1"}
	c, err := Start(t.Context(), opts)
	if err == nil {
		stopOnCleanup(t, c)
		t.Fatal("Start with an unknown setting succeeded, want an error")
	}
	for _, want := range []string{"exited during startup", "no_such_setting_xyz", "postgres.log"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestStartPortTaken(t *testing.T) {
	t.Parallel()
	binDir := requireBinDir(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { taken.Close() }) // not defer: the subtests run after this returns
	takenPort := taken.Addr().(*net.TCPAddr).Port

	t.Run("picked port is retried", func(t *testing.T) {
		t.Parallel()
		dir := stateDir(t, 0o711)
		picks := 0
		pick := func() (int, error) { // the first pick loses the race
			if picks++; picks == 1 {
				return takenPort, nil
			}
			return freePort()
		}
		c, err := start(t.Context(), testOptions(t, binDir, dir), pick)
		if err != nil {
			t.Fatalf("Start: %v", err)
		}
		stopOnCleanup(t, c)
		if c.Port() == takenPort || picks != 2 {
			t.Errorf("port %d after %d picks, want a second pick other than %d", c.Port(), picks, takenPort)
		}
		log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
		if !bindFailed(string(log)) {
			t.Errorf("postgres.log does not show the failed bind:\n%s", log)
		}
	})
	t.Run("explicit port is not retried", func(t *testing.T) {
		t.Parallel()
		opts := testOptions(t, binDir, stateDir(t, 0o711))
		opts.Port = takenPort
		c, err := Start(t.Context(), opts)
		if err == nil {
			stopOnCleanup(t, c)
			t.Fatal("Start on a taken port succeeded")
		}
		if !errors.Is(err, errPortInUse) || !strings.Contains(err.Error(), "could not bind") {
			t.Errorf("error = %v, want errPortInUse with the log's bind failure", err)
		}
	})
}

func TestStopEscalatesWhenDeadlinePassed(t *testing.T) {
	t.Parallel()
	binDir := requireBinDir(t)
	c, err := Start(t.Context(), testOptions(t, binDir, stateDir(t, 0o711)))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	pid := c.proc.pid()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err = c.Stop(ctx) // SIGINT, then at once SIGQUIT
	t.Logf("Stop with a done context: %v", err)
	assertGone(t, pid)
	if err := c.Stop(t.Context()); err != nil {
		t.Errorf("second Stop = %v, want nil", err)
	}
}
