package localpg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// launcher starts postgres and waits for it, retrying when a port picked as
// free was taken in the meantime.
type launcher struct {
	binDir, pgIsReady, pgdata, logPath string
	settings                           map[string]string
	user                               *serverUser
	pickPort                           func() (int, error)
	log                                *slog.Logger
}

// launch starts postgres on port, or on a picked free port when port is 0.
func (l launcher) launch(ctx context.Context, port int) (*process, int, error) {
	attempts := 1
	if port == 0 {
		attempts = maxPortAttempts
	}
	for i := 1; ; i++ {
		p := port
		if p == 0 {
			var err error
			if p, err = l.pickPort(); err != nil {
				return nil, 0, err
			}
		}
		proc, err := l.try(ctx, p)
		if err == nil {
			return proc, p, nil
		}
		if i >= attempts || !errors.Is(err, errPortInUse) {
			return nil, 0, err
		}
		l.log.Warn("localpg: port taken before postgres bound it; retrying", "port", p, "attempt", i)
	}
}

// try runs postgres once and waits until it accepts connections.
func (l launcher) try(ctx context.Context, port int) (*process, error) {
	proc, err := spawn(l.binDir, l.pgdata, port, l.settings, l.user, l.logPath)
	if err != nil {
		return nil, err
	}
	err = proc.waitReady(ctx, l.pgIsReady, port)
	switch {
	case err == nil:
		return proc, nil
	case errors.Is(err, errExited):
		tail := proc.tail()
		if bindFailed(tail) {
			err = fmt.Errorf("%w: %w", err, errPortInUse)
		}
		return nil, fmt.Errorf("localpg: postgres on port %d: %w (%v); last lines of %s:\n%s",
			port, err, proc.err, l.logPath, tail)
	default:
		stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = proc.shutdown(stopCtx) // the startup error below says what matters
		return nil, fmt.Errorf("localpg: waiting for postgres on port %d: %w; last lines of %s:\n%s",
			port, err, l.logPath, proc.tail())
	}
}
