package localpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// errExited means postgres exited before it accepted connections.
var errExited = errors.New("postgres exited during startup")

const (
	firstPoll = 10 * time.Millisecond
	maxPoll   = 200 * time.Millisecond
)

// waitReady polls pg_isready until the server accepts connections, the child
// exits (errExited), or ctx ends.
func (p *process) waitReady(ctx context.Context, pgIsReady string, port int) error {
	delay := firstPoll
	for {
		if p.exited() {
			return errExited
		}
		ok, err := isReady(ctx, pgIsReady, port)
		if err != nil || ok {
			return err
		}
		select {
		case <-p.done:
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, maxPoll)
	}
}

// isReady runs pg_isready once. Exit status 1 (rejecting, e.g. starting up)
// and 2 (no response) mean "not yet"; 3 means we called it wrongly.
func isReady(ctx context.Context, pgIsReady string, port int) (bool, error) {
	cmd := exec.CommandContext(ctx, pgIsReady, "-h", "127.0.0.1", "-p", strconv.Itoa(port),
		"-U", superuser, "-d", "postgres", "-t", "2")
	cmd.Env = childEnv()
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true, nil
	case ctx.Err() != nil:
		return false, ctx.Err()
	case errors.As(err, &exit) && (exit.ExitCode() == 1 || exit.ExitCode() == 2):
		return false, nil
	default:
		return false, fmt.Errorf("localpg: %s: %w: %s", pgIsReady, err, out)
	}
}

// findPgIsReady prefers the pg_isready beside postgres, else the one on PATH.
func findPgIsReady(binDir string) (string, error) {
	path := filepath.Join(binDir, "pg_isready")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	path, err := exec.LookPath("pg_isready")
	if err != nil {
		return "", fmt.Errorf("localpg: pg_isready not found in %s or on PATH: %w", binDir, err)
	}
	return path, nil
}
